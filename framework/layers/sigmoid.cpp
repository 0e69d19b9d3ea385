#include "framework/layers/sigmoid.hpp"

#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>

#include "framework/layers/shape_checks.hpp"

namespace glassbox {

const Tensor& Sigmoid::forward(const Tensor& input) {
  input_ = input;
  resize_if_needed(output_, shape_of(input));
  xt::noalias(output_) = 1.0f / (1.0f + xt::exp(-input_));
  return output_;
}

const Tensor& Sigmoid::backward(const Tensor& output_gradient) {
  resize_if_needed(input_gradient_, shape_of(input_));
  xt::noalias(input_gradient_) = output_gradient * output_ * (1.0f - output_);
  return input_gradient_;
}

}  // namespace glassbox
