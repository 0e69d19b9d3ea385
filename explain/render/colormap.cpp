#include "explain/render/colormap.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "framework/errors.hpp"

namespace glassbox::render {
namespace {

// 255·fraction rounded to the nearest byte; fraction is already in [0, 1].
std::uint8_t to_byte(float fraction) {
  return static_cast<std::uint8_t>(std::lround(255.0f * fraction));
}

// Finite |values| in no particular order.
std::vector<float> finite_magnitudes(const Tensor& values) {
  std::vector<float> magnitudes;
  magnitudes.reserve(values.size());
  for (const float value : values) {
    if (std::isfinite(value)) magnitudes.push_back(std::fabs(value));
  }
  return magnitudes;
}

}  // namespace

Rgb diverging_color(float relevance, float limit) {
  if (std::isnan(relevance)) return kNotANumberColor;
  float t = 0.0f;
  if (limit > 0.0f && std::isfinite(limit)) {
    t = std::clamp(relevance / limit, -1.0f, 1.0f);  // ±inf / limit saturates to ±1 here
  } else {
    t = relevance > 0.0f ? 1.0f : (relevance < 0.0f ? -1.0f : 0.0f);
  }
  // The faded channels are computed once from |t|, so R and −R give exactly mirrored bytes.
  const std::uint8_t faded = to_byte(1.0f - std::fabs(t));
  if (t >= 0.0f) return Rgb{255, faded, faded};
  return Rgb{faded, faded, 255};
}

Rgb grey_color(float intensity, GreyStyle style) {
  if (std::isnan(intensity)) return kNotANumberColor;
  const float clamped = std::clamp(intensity, 0.0f, 1.0f);
  const std::uint8_t level = to_byte(style == GreyStyle::ink_on_paper ? 1.0f - clamped : clamped);
  return Rgb{level, level, level};
}

float symmetric_limit(const Tensor& relevance, float percentile) {
  if (!(percentile >= 0.0f && percentile <= 100.0f)) {
    throw ArgumentError("symmetric_limit: the percentile must lie in [0, 100], got " +
                        std::to_string(percentile));
  }
  std::vector<float> magnitudes = finite_magnitudes(relevance);
  if (magnitudes.empty()) return 0.0f;
  // numpy's linear method: position p/100·(n − 1) in the sorted values, interpolated.
  const double position = percentile / 100.0 * static_cast<double>(magnitudes.size() - 1);
  const std::size_t below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, magnitudes.size() - 1);
  std::nth_element(magnitudes.begin(), magnitudes.begin() + below, magnitudes.end());
  const float lower = magnitudes[below];
  // After nth_element everything past `below` is ≥ lower, so the next order statistic is their
  // minimum.
  const float upper =
      above == below ? lower : *std::min_element(magnitudes.begin() + below + 1, magnitudes.end());
  const double fraction = position - static_cast<double>(below);
  const float limit = static_cast<float>(lower + fraction * (upper - lower));
  if (limit > 0.0f) return limit;
  return *std::max_element(magnitudes.begin(), magnitudes.end());
}

float max_absolute(const Tensor& relevance) {
  const std::vector<float> magnitudes = finite_magnitudes(relevance);
  return magnitudes.empty() ? 0.0f : *std::max_element(magnitudes.begin(), magnitudes.end());
}

xt::xtensor<float, 2> as_map(const Tensor& values, const std::string& what) {
  const auto& shape = values.shape();
  bool leading_ones = shape.size() >= 2;
  for (std::size_t axis = 0; axis + 2 < shape.size(); ++axis) {
    leading_ones = leading_ones && shape[axis] == 1;
  }
  if (!leading_ones) {
    std::string text;
    for (std::size_t axis = 0; axis < shape.size(); ++axis) {
      text += (axis == 0 ? "" : "×") + std::to_string(shape[axis]);
    }
    throw ArgumentError(what + " must be an H×W map (or 1×…×1×H×W), got shape (" + text + ")");
  }
  const std::size_t height = shape[shape.size() - 2], width = shape[shape.size() - 1];
  xt::xtensor<float, 2> map({height, width});
  // Row-major with leading axes of size 1: the flat data is already the H×W map.
  std::copy(values.data(), values.data() + values.size(), map.data());
  return map;
}

RgbImage relevance_image(const Tensor& relevance, float limit) {
  const xt::xtensor<float, 2> map = as_map(relevance, "relevance");
  RgbImage image({map.shape(0), map.shape(1), 3});
  for (std::size_t row = 0; row < map.shape(0); ++row) {
    for (std::size_t column = 0; column < map.shape(1); ++column) {
      set_pixel(image, row, column, diverging_color(map(row, column), limit));
    }
  }
  return image;
}

RgbImage grey_image(const Tensor& intensities, GreyStyle style) {
  const xt::xtensor<float, 2> map = as_map(intensities, "input image");
  RgbImage image({map.shape(0), map.shape(1), 3});
  for (std::size_t row = 0; row < map.shape(0); ++row) {
    for (std::size_t column = 0; column < map.shape(1); ++column) {
      set_pixel(image, row, column, grey_color(map(row, column), style));
    }
  }
  return image;
}

}  // namespace glassbox::render
