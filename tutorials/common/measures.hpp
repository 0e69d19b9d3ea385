// Small measurements the tutorial programs print and promise: means and distances between images.
//
// Shapes: an image is any D floats; a batch N×(sample shape) is read as N rows of D.
#pragma once

#include <cmath>
#include <numeric>
#include <vector>

namespace glassbox::tutorials {

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
