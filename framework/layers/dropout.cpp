#include "framework/layers/dropout.hpp"

#include <xtensor/xnoalias.hpp>

#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"

namespace glassbox {

Dropout::Dropout(double rate, std::uint64_t seed) : rate_(rate), seed_(seed), rng_(seed) {
  if (!(rate >= 0.0 && rate < 1.0)) {
    throw ArgumentError("Dropout rate must be in [0, 1), got " + std::to_string(rate));
  }
}

const Tensor& Dropout::forward(const Tensor& input) {
  input_ = input;
  if (!training_) {
    output_ = input;
    return output_;
  }
  const Shape shape(input.shape().begin(), input.shape().end());
  resize_if_needed(mask_, shape);
  resize_if_needed(output_, shape);
  std::bernoulli_distribution keep(1.0 - rate_);
  const auto scale = static_cast<float>(1.0 / (1.0 - rate_));
  for (float& m : mask_) m = keep(rng_) ? scale : 0.0f;
  xt::noalias(output_) = input * mask_;
  return output_;
}

const Tensor& Dropout::backward(const Tensor& output_gradient) {
  if (!training_) {
    input_gradient_ = output_gradient;
    return input_gradient_;
  }
  resize_if_needed(input_gradient_, shape_of(output_gradient));
  xt::noalias(input_gradient_) = output_gradient * mask_;
  return input_gradient_;
}

}  // namespace glassbox
