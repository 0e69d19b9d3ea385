#include "framework/optimizers/l1_proximal.hpp"

#include <string>

#include <xtensor/xmath.hpp>

#include "framework/errors.hpp"

namespace glassbox {

void soft_threshold(Tensor& values, float threshold) {
  // max(|w| − t, 0)·sign(w): one whole-array expression, no per-element loop.
  values = xt::sign(values) * xt::maximum(xt::abs(values) - threshold, 0.0f);
}

L1Proximal::L1Proximal(std::unique_ptr<Optimizer> inner, float lambda)
    : Optimizer(inner ? inner->learning_rate() : 0.0f), inner_(std::move(inner)), lambda_(lambda) {
  if (!inner_) throw ArgumentError("L1 penalty: no optimizer to wrap");
  if (!(lambda >= 0.0f)) {
    throw ArgumentError("L1 penalty: lambda must be >= 0, got " + std::to_string(lambda));
  }
}

void L1Proximal::step(const std::vector<Parameter>& parameters) {
  // The schedule sets our learning rate; the inner optimizer must step with the same η.
  inner_->set_learning_rate(learning_rate_);
  inner_->step(parameters);
  const float threshold = learning_rate_ * lambda_;
  for (const Parameter& parameter : parameters) {
    if (parameter.name == "weight") soft_threshold(*parameter.value, threshold);
  }
}

nlohmann::json L1Proximal::describe() const {
  nlohmann::json description = inner_->describe();
  description["l1"] = lambda_;
  return description;
}

}  // namespace glassbox
