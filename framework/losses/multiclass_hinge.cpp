#include "framework/losses/multiclass_hinge.hpp"

#include <cmath>

#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"

namespace glassbox {

MulticlassHinge::MulticlassHinge(float margin) : margin_(margin) {
  if (!(margin > 0.0f) || !std::isfinite(margin)) {
    throw ArgumentError("the hinge margin must be a positive number");
  }
}

float MulticlassHinge::forward(const Tensor& logits, const Labels& labels) {
  require_logits_and_labels("multi-class hinge", logits, labels);
  const std::size_t n = logits.shape(0), k = logits.shape(1);
  resize_if_needed(gradient_, {n, k});
  const float share = 1.0f / static_cast<float>(n);  // each sample's weight in the mean
  double total = 0.0;
  for (std::size_t row = 0; row < n; ++row) {
    const auto label = static_cast<std::size_t>(labels[row]);
    const float* z = logits.data() + row * k;
    float* g = gradient_.data() + row * k;
    std::size_t violations = 0;
    for (std::size_t j = 0; j < k; ++j) {
      const float term = j == label ? 0.0f : margin_ - z[label] + z[j];
      const bool positive = term > 0.0f;
      total += positive ? term : 0.0f;
      g[j] = positive ? share : 0.0f;
      violations += positive;
    }
    g[label] = -static_cast<float>(violations) * share;
  }
  return static_cast<float>(total / static_cast<double>(n));
}

}  // namespace glassbox
