#include "framework/layers/relu.hpp"

#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>
#include <xtensor/xoperation.hpp>

#include "framework/layers/shape_checks.hpp"

namespace glassbox {

const Tensor& ReLU::forward(const Tensor& input) {
  input_ = input;
  resize_if_needed(output_, Shape(input.shape().begin(), input.shape().end()));
  xt::noalias(output_) = xt::maximum(input_, 0.0f);
  return output_;
}

const Tensor& ReLU::backward(const Tensor& output_gradient) {
  resize_if_needed(input_gradient_, Shape(input_.shape().begin(), input_.shape().end()));
  xt::noalias(input_gradient_) = xt::where(input_ > 0.0f, output_gradient, 0.0f);
  return input_gradient_;
}

}  // namespace glassbox
