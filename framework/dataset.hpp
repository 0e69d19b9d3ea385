// A labelled dataset held in memory: what the training loop consumes and the loaders produce.
#pragma once

#include <string>
#include <vector>

#include "framework/tensor.hpp"

namespace glassbox {

struct LabeledData {
  Tensor inputs;                         // N×... samples, batch-major (MNIST: N×1×28×28)
  Labels labels;                         // N class indices
  std::vector<std::string> class_names;  // K names; labels index into it
  std::string description;               // where it came from, e.g. "mnist train (first 10000)"

  std::size_t size() const { return labels.size(); }
  std::size_t class_count() const { return class_names.size(); }
  // Shape of one sample (inputs' shape without the batch axis).
  Shape sample_shape() const { return Shape(inputs.shape().begin() + 1, inputs.shape().end()); }
};

// Samples [begin, end) of `data`, as a copy; `description` gets the range appended.
LabeledData slice(const LabeledData& data, std::size_t begin, std::size_t end);

}  // namespace glassbox
