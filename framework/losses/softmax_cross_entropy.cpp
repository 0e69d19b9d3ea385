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
  require_logits_and_labels("softmax cross-entropy", logits, labels);
  const std::size_t n = logits.shape(0), k = logits.shape(1);
  resize_if_needed(probabilities_, {n, k});
  resize_if_needed(gradient_, {n, k});
  double total = 0.0;
  for (std::size_t row = 0; row < n; ++row) {
    const int label = labels[row];
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
