#include "framework/layers/embedding.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"

namespace glassbox {

Embedding::Embedding(std::size_t vocabulary_size, std::size_t dimensions, Rng& rng) {
  if (vocabulary_size < 2 || dimensions == 0) {
    throw ArgumentError(
        "Embedding: the table needs at least 2 ids (padding and one more) and 1 dimension");
  }
  table_ = Tensor::from_shape({vocabulary_size, dimensions});
  std::normal_distribution<float> normal(0.0f, 1.0f);
  for (float& value : table_) value = normal(rng);
  std::fill_n(table_.data(), dimensions, 0.0f);  // padding
  table_gradient_ = xt::zeros<float>({vocabulary_size, dimensions});
}

const Tensor& Embedding::forward(const Tensor& input) {
  if (input.dimension() != 2 || input.shape(0) == 0) {
    throw ArgumentError("Embedding expects a batch of token ids of shape [N, T], got " +
                        shape_to_string(shape_of(input)));
  }
  const std::size_t documents = input.shape(0), length = input.shape(1);
  const std::size_t ids = table_.shape(0), dimensions = table_.shape(1);
  // Checked first, so that a bad id fails before anything is written.
  for (std::size_t i = 0; i < input.size(); ++i) {
    const float id = input.data()[i];
    if (!(id >= 0.0f) || id >= static_cast<float>(ids) || id != std::floor(id)) {
      throw ArgumentError("Embedding: token id " + std::to_string(id) + " at document " +
                          std::to_string(i / length) + ", position " + std::to_string(i % length) +
                          " is not a whole number in [0, " + std::to_string(ids) + ")");
    }
  }
  input_ = input;
  resize_if_needed(output_, {documents, dimensions, length});
  const auto count = static_cast<std::ptrdiff_t>(documents);
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t document = 0; document < count; ++document) {
    const float* row_ids = input_.data() + document * length;
    float* output = output_.data() + document * dimensions * length;
    for (std::size_t position = 0; position < length; ++position) {
      const auto id = static_cast<std::size_t>(row_ids[position]);
      const float* vector = table_.data() + id * dimensions;
      // Column `position` of this document's E×T output; padding stays zero.
      for (std::size_t e = 0; e < dimensions; ++e) {
        output[e * length + position] = id == 0 ? 0.0f : vector[e];
      }
    }
  }
  return output_;
}

const Tensor& Embedding::backward(const Tensor& output_gradient) {
  const std::size_t dimensions = table_.shape(1);
  const Shape expected{input_.dimension() == 2 ? input_.shape(0) : 0, dimensions,
                       input_.dimension() == 2 ? input_.shape(1) : 0};
  if (shape_of(output_gradient) != expected) {
    throw ArgumentError("Embedding: the output gradient " +
                        shape_to_string(shape_of(output_gradient)) +
                        " does not match the last output " + shape_to_string(expected));
  }
  const std::size_t documents = expected[0], length = expected[2];
  // One thread: two documents may share a word, and their sums would collide in its row.
  for (std::size_t document = 0; document < documents; ++document) {
    const float* row_ids = input_.data() + document * length;
    const float* gradient = output_gradient.data() + document * dimensions * length;
    for (std::size_t position = 0; position < length; ++position) {
      const auto id = static_cast<std::size_t>(row_ids[position]);
      if (id == 0) continue;  // padding is never trained
      float* row = table_gradient_.data() + id * dimensions;
      for (std::size_t e = 0; e < dimensions; ++e) row[e] += gradient[e * length + position];
    }
  }
  if (!input_gradient_needed_) return skipped_input_gradient();
  resize_if_needed(input_gradient_, {documents, length});
  std::fill(input_gradient_.begin(), input_gradient_.end(), 0.0f);
  return input_gradient_;
}

Shape Embedding::output_shape(const Shape& input_shape) const {
  if (input_shape.size() != 1) {
    throw ArgumentError("Embedding expects samples of token ids of shape [T], got " +
                        shape_to_string(input_shape));
  }
  return {table_.shape(1), input_shape[0]};
}

nlohmann::json Embedding::config() const {
  return {{"vocabulary_size", table_.shape(0)}, {"dimensions", table_.shape(1)}};
}

std::vector<Parameter> Embedding::parameters() {
  return {{"table", &table_, &table_gradient_}};
}

}  // namespace glassbox
