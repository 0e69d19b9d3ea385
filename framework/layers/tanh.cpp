#include "framework/layers/tanh.hpp"

#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>

#include "framework/layers/shape_checks.hpp"

namespace glassbox {

const Tensor& Tanh::forward(const Tensor& input) {
  input_ = input;
  resize_if_needed(output_, shape_of(input));
  xt::noalias(output_) = xt::tanh(input_);
  return output_;
}

const Tensor& Tanh::backward(const Tensor& output_gradient) {
  resize_if_needed(input_gradient_, shape_of(input_));
  xt::noalias(input_gradient_) = output_gradient * (1.0f - output_ * output_);
  return input_gradient_;
}

}  // namespace glassbox
