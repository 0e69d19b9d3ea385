// Generated "digits" for the API examples, so that they run without MNIST: 1×8×8 images with
// pixels in [0, 1], class 0 a vertical bar, class 1 a horizontal bar, both on faint noise.
#pragma once

#include <random>

#include "framework/dataset.hpp"
#include "framework/random.hpp"

namespace toy {

inline glassbox::LabeledData bars(std::size_t count, std::uint64_t seed) {
  glassbox::Rng rng(seed);
  std::uniform_real_distribution<float> noise(0.0f, 0.2f);
  std::uniform_int_distribution<std::size_t> where(1, 6);
  glassbox::LabeledData data;
  data.inputs = glassbox::Tensor::from_shape({count, 1, 8, 8});
  for (std::size_t n = 0; n < count; ++n) {
    const int label = static_cast<int>(n % 2);
    const std::size_t line = where(rng);
    for (std::size_t row = 0; row < 8; ++row)
      for (std::size_t column = 0; column < 8; ++column)
        data.inputs(n, 0, row, column) = (label == 0 ? column : row) == line ? 1.0f : noise(rng);
    data.labels.push_back(label);
  }
  data.class_names = {"vertical", "horizontal"};
  data.description = "toy bars";
  return data;
}

}  // namespace toy
