#include "explain/explain_samples.hpp"

#include <algorithm>

#include "framework/errors.hpp"
#include "framework/shape.hpp"

namespace glassbox::explain {
namespace {

// Rows [begin, end) of a batch-major tensor, as a tensor of their own.
Tensor rows_of(const Tensor& whole, std::size_t begin, std::size_t end) {
  Shape shape = shape_of(whole);
  const std::size_t row_size = whole.size() / shape[0];
  shape[0] = end - begin;
  Tensor part = Tensor::from_shape(shape);
  std::copy_n(whole.data() + begin * row_size, (end - begin) * row_size, part.data());
  return part;
}

// Writes `part` (a batch of rows) into `whole` from row `first` on; makes `whole` N×(row shape)
// at the first batch (a default Tensor is a 0-d scalar of size 1, not an empty one).
void put_rows(const Tensor& part, std::size_t first, std::size_t rows, Tensor& whole) {
  if (first == 0) {
    Shape shape = shape_of(part);
    shape[0] = rows;
    whole = Tensor::from_shape(shape);
  }
  std::copy(part.begin(), part.end(), whole.data() + first * (whole.size() / rows));
}

// Adds one batch's explanation, whose first sample is sample `first` of N, to the whole.
void append(LrpExplanation&& part, std::size_t first, std::size_t samples, LrpExplanation& whole) {
  put_rows(part.relevance, first, samples, whole.relevance);
  whole.targets.insert(whole.targets.end(), part.targets.begin(), part.targets.end());
  whole.outputs.insert(whole.outputs.end(), part.outputs.begin(), part.outputs.end());
  whole.layer_relevances.resize(part.layer_relevances.size());
  for (std::size_t l = 0; l < part.layer_relevances.size(); ++l) {
    put_rows(part.layer_relevances[l], first, samples, whole.layer_relevances[l]);
  }
  ConservationTable& table = whole.conservation;
  if (first == 0) {
    table.layers = std::move(part.conservation.layers);
    table.kept_by = std::move(part.conservation.kept_by);
  }
  for (auto& row : part.conservation.totals) table.totals.push_back(std::move(row));
}

}  // namespace

Labels requested_targets(Sequential& model, int requested_class, std::size_t samples) {
  if (requested_class < 0) return {};
  const std::size_t classes = model.output_shape().at(0);
  if (static_cast<std::size_t>(requested_class) >= classes) {
    throw ArgumentError("--class " + std::to_string(requested_class) +
                        " is out of range: the model has " + std::to_string(classes) +
                        " classes (0 to " + std::to_string(classes - 1) + ")");
  }
  return Labels(samples, requested_class);
}

LrpExplanation explain_samples(Sequential& model, const Samples& samples, MethodChoice choice,
                               const Labels& targets, std::size_t batch_size) {
  if (batch_size == 0) throw ArgumentError("explain_samples: the batch size must be positive");
  choice.settings.low = samples.low;
  choice.settings.high = samples.high;
  const std::size_t count = samples.inputs.dimension() > 0 ? samples.inputs.shape(0) : 0;
  if (count <= batch_size) return explain_with(model, samples.inputs, targets, choice);
  if (!targets.empty() && targets.size() != count) {
    throw ArgumentError(std::to_string(targets.size()) + " targets for " + std::to_string(count) +
                        " samples");
  }
  LrpExplanation whole;
  for (std::size_t first = 0; first < count; first += batch_size) {
    const std::size_t end = std::min(first + batch_size, count);
    const Labels part_targets = targets.empty() ? Labels{}
                                                : Labels(targets.begin() + static_cast<long>(first),
                                                         targets.begin() + static_cast<long>(end));
    append(explain_with(model, rows_of(samples.inputs, first, end), part_targets, choice), first,
           count, whole);
  }
  return whole;
}

}  // namespace glassbox::explain
