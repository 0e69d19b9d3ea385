// Small measurements the tutorial programs print and promise: means, distances between images,
// and numbers formatted for a one-line message.
//
// Shapes: an image is any D floats; a batch N×(sample shape) is read as N rows of D.
#pragma once

#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

namespace glassbox::tutorials {

// `value` with `digits` significant digits: 4.2e-07 rather than to_string's 0.000000.
inline std::string format_number(double value, int digits = 3) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*g", digits, value);
  return text;
}

inline double mean(const std::vector<double>& values) {
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

// Root mean square per pixel of a − b, over d pixels: how far apart two images are.
inline double rms_distance(const float* a, const float* b, std::size_t d) {
  double sum = 0.0;
  for (std::size_t j = 0; j < d; ++j) {
    const double difference = static_cast<double>(a[j]) - b[j];
    sum += difference * difference;
  }
  return std::sqrt(sum / static_cast<double>(d));
}

}  // namespace glassbox::tutorials
