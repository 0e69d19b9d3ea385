// Three Gaussian blobs in 2-D around the corners of a triangle, for training and evaluation tests:
// a small MLP separates them easily.
#pragma once

#include <random>

#include "framework/dataset.hpp"
#include "framework/random.hpp"

namespace glassbox::testing {

inline LabeledData blobs(std::size_t per_class, std::uint64_t seed) {
  Rng rng(seed);
  std::normal_distribution<float> noise(0.0f, 0.35f);
  const float centers[3][2] = {{0, 1}, {-1, -0.5f}, {1, -0.5f}};
  LabeledData data;
  data.inputs = Tensor::from_shape({3 * per_class, 2});
  for (std::size_t i = 0; i < 3 * per_class; ++i) {
    const int label = static_cast<int>(i % 3);
    data.inputs(i, 0) = centers[label][0] + noise(rng);
    data.inputs(i, 1) = centers[label][1] + noise(rng);
    data.labels.push_back(label);
  }
  data.class_names = {"a", "b", "c"};
  return data;
}

}  // namespace glassbox::testing
