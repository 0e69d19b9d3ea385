#include "framework/training/batch_source.hpp"

#include <algorithm>
#include <numeric>

#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"

namespace glassbox {

void DenseBatches::gather(const std::size_t* indices, std::size_t count, Tensor& inputs,
                          Labels& labels) const {
  const std::size_t sample_size = data_.size() ? data_.inputs.size() / data_.size() : 0;
  Shape shape{count};
  const Shape sample = data_.sample_shape();
  shape.insert(shape.end(), sample.begin(), sample.end());
  resize_if_needed(inputs, shape);
  labels.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t source = indices[i];
    if (source >= data_.size()) {
      throw ArgumentError("sample " + std::to_string(source) + " is outside " + data_.description +
                          " (" + std::to_string(data_.size()) + " samples)");
    }
    std::copy_n(data_.inputs.data() + source * sample_size, sample_size,
                inputs.data() + i * sample_size);
    labels[i] = data_.labels[source];
  }
}

IndexedBatches::IndexedBatches(const BatchSource& base, std::vector<std::size_t> indices,
                               std::string description)
    : base_(base), indices_(std::move(indices)), description_(std::move(description)) {
  for (const std::size_t index : indices_) {
    if (index >= base_.size()) {
      throw ArgumentError("sample " + std::to_string(index) + " is outside " + base_.description() +
                          " (" + std::to_string(base_.size()) + " samples)");
    }
  }
}

void IndexedBatches::gather(const std::size_t* indices, std::size_t count, Tensor& inputs,
                            Labels& labels) const {
  base_indices_.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    if (indices[i] >= indices_.size()) {
      throw ArgumentError("sample " + std::to_string(indices[i]) + " is outside " + description_ +
                          " (" + std::to_string(indices_.size()) + " samples)");
    }
    base_indices_[i] = indices_[indices[i]];
  }
  base_.gather(base_indices_.data(), count, inputs, labels);
}

ClassificationReport evaluate(Sequential& model, const BatchSource& data, std::size_t batch_size) {
  if (batch_size == 0) throw ArgumentError("the evaluation batch size must be positive");
  model.set_training(false);
  Labels predicted, truth;
  predicted.reserve(data.size());
  truth.reserve(data.size());
  std::vector<std::size_t> indices;
  Tensor inputs;
  Labels labels;
  for (std::size_t start = 0; start < data.size(); start += batch_size) {
    const std::size_t count = std::min(batch_size, data.size() - start);
    indices.resize(count);
    std::iota(indices.begin(), indices.end(), start);
    data.gather(indices.data(), count, inputs, labels);
    const Labels batch_predicted = predicted_classes(model.forward(inputs));
    predicted.insert(predicted.end(), batch_predicted.begin(), batch_predicted.end());
    truth.insert(truth.end(), labels.begin(), labels.end());
  }
  return classification_report(predicted, truth, data.class_count());
}

}  // namespace glassbox
