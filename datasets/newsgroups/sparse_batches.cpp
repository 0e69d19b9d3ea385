#include "datasets/newsgroups/sparse_batches.hpp"

#include <algorithm>

#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"

namespace glassbox {

SparseBatches::SparseBatches(const SparseMatrix& features, const Labels& labels,
                             std::size_t class_count, std::string description)
    : features_(features),
      labels_(labels),
      class_count_(class_count),
      description_(std::move(description)) {
  if (features.rows != labels.size()) {
    throw ArgumentError(description_ + ": " + std::to_string(features.rows) + " feature rows but " +
                        std::to_string(labels.size()) + " labels");
  }
  for (const int label : labels) {
    if (label < 0 || static_cast<std::size_t>(label) >= class_count) {
      throw ArgumentError(description_ + ": label " + std::to_string(label) + " is outside [0, " +
                          std::to_string(class_count) + ")");
    }
  }
}

void SparseBatches::gather(const std::size_t* indices, std::size_t count, Tensor& inputs,
                           Labels& labels) const {
  const std::size_t columns = features_.columns;
  resize_if_needed(inputs, {count, columns});
  std::fill(inputs.begin(), inputs.end(), 0.0f);
  labels.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t row = indices[i];
    if (row >= features_.rows) {
      throw ArgumentError("document " + std::to_string(row) + " is outside " + description_ + " (" +
                          std::to_string(features_.rows) + " documents)");
    }
    float* target = inputs.data() + i * columns;
    for (std::size_t entry = features_.row_offsets[row]; entry < features_.row_offsets[row + 1];
         ++entry) {
      target[features_.column_indices[entry]] = features_.values[entry];
    }
    labels[i] = labels_[row];
  }
}

}  // namespace glassbox
