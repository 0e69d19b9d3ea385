// Exercise 2, a teacher's solution: softmax, cross-entropy and its gradient.
#include "tutorials/exercises/exercises.hpp"

#include <algorithm>
#include <cmath>

namespace glassbox::exercises {

Tensor softmax(const Tensor& logits) {
  const std::size_t n = logits.shape(0), k = logits.shape(1);
  Tensor p = Tensor::from_shape({n, k});
  for (std::size_t s = 0; s < n; ++s) {
    float m = logits(s, 0);  // subtract the row maximum: e^{z − m} cannot overflow
    for (std::size_t j = 1; j < k; ++j) m = std::max(m, logits(s, j));
    float sum = 0.0f;
    for (std::size_t j = 0; j < k; ++j) sum += p(s, j) = std::exp(logits(s, j) - m);
    for (std::size_t j = 0; j < k; ++j) p(s, j) /= sum;
  }
  return p;
}

float cross_entropy(const Tensor& logits, const Labels& labels) {
  // log Σ_k e^{z_k} − z_y = −log p_y
  const Tensor p = softmax(logits);
  double total = 0.0;
  for (std::size_t s = 0; s < labels.size(); ++s) {
    total -= std::log(static_cast<double>(p(s, static_cast<std::size_t>(labels[s]))));
  }
  return static_cast<float>(total / static_cast<double>(labels.size()));
}

Tensor cross_entropy_gradient(const Tensor& logits, const Labels& labels) {
  Tensor g = softmax(logits);
  for (std::size_t s = 0; s < labels.size(); ++s) g(s, static_cast<std::size_t>(labels[s])) -= 1.0f;
  return g / static_cast<float>(labels.size());
}

}  // namespace glassbox::exercises
