#include "framework/losses/softmax_cross_entropy.hpp"

#include <algorithm>
#include <cmath>

#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"

namespace glassbox {
namespace {

// Writes softmax(row) into `out` and returns log Σ_k e^{row_k}, both via the shifted exponentials.
double softmax_row(const float* row, std::size_t k, float* out) {
  const float shift = *std::max_element(row, row + k);
  double sum = 0.0;
  for (std::size_t j = 0; j < k; ++j) {
    out[j] = std::exp(row[j] - shift);
    sum += out[j];
  }
  for (std::size_t j = 0; j < k; ++j) out[j] = static_cast<float>(out[j] / sum);
  return shift + std::log(sum);
}

}  // namespace

float SoftmaxCrossEntropy::forward(const Tensor& logits, const Labels& labels) {
  if (logits.dimension() != 2 || logits.shape(0) != labels.size() || labels.empty()) {
    throw ArgumentError("softmax cross-entropy needs N×K logits and N labels, got logits " +
                        shape_to_string(Shape(logits.shape().begin(), logits.shape().end())) +
                        " and " + std::to_string(labels.size()) + " labels");
  }
  const std::size_t n = logits.shape(0), k = logits.shape(1);
  resize_if_needed(probabilities_, {n, k});
  resize_if_needed(gradient_, {n, k});
  double total = 0.0;
  for (std::size_t row = 0; row < n; ++row) {
    const int label = labels[row];
    if (label < 0 || static_cast<std::size_t>(label) >= k) {
      throw ArgumentError("label " + std::to_string(label) + " is outside [0, " +
                          std::to_string(k) + ")");
    }
    const float* z = logits.data() + row * k;
    float* p = probabilities_.data() + row * k;
    const double log_sum_exp = softmax_row(z, k, p);
    total += log_sum_exp - z[label];
    float* g = gradient_.data() + row * k;
    for (std::size_t j = 0; j < k; ++j) g[j] = p[j] / static_cast<float>(n);
    g[label] -= 1.0f / static_cast<float>(n);
  }
  return static_cast<float>(total / static_cast<double>(n));
}

Tensor softmax(const Tensor& logits) {
  Tensor result = Tensor::from_shape(logits.shape());
  const std::size_t k = logits.shape(1);
  for (std::size_t row = 0; row < logits.shape(0); ++row) {
    softmax_row(logits.data() + row * k, k, result.data() + row * k);
  }
  return result;
}

}  // namespace glassbox
