#include "framework/layers/dense.hpp"

#include <xtensor/xnoalias.hpp>
#include <xtensor/xreducer.hpp>
#include <xtensor/xview.hpp>

#include "framework/blas.hpp"
#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"

namespace glassbox {

void linear_forward(const Tensor& x, const Tensor& weight, const Tensor& bias, Tensor& y) {
  const std::size_t n = x.shape(0), d = weight.shape(0), k = weight.shape(1);
  resize_if_needed(y, {n, k});
  // Start from the bias in every row, then let GEMM add x·W on top (beta = 1).
  for (std::size_t row = 0; row < n; ++row) {
    std::copy(bias.data(), bias.data() + k, y.data() + row * k);
  }
  gemm(false, false, n, k, d, 1.0f, x.data(), weight.data(), 1.0f, y.data());
}

void linear_backward_input(const Tensor& dy, const Tensor& weight, Tensor& dx) {
  const std::size_t n = dy.shape(0), d = weight.shape(0), k = weight.shape(1);
  resize_if_needed(dx, {n, d});
  gemm(false, true, n, d, k, 1.0f, dy.data(), weight.data(), 0.0f, dx.data());
}

void linear_backward_parameters(const Tensor& x, const Tensor& dy, Tensor& weight_gradient,
                                Tensor& bias_gradient) {
  const std::size_t n = x.shape(0), d = x.shape(1), k = dy.shape(1);
  gemm(true, false, d, k, n, 1.0f, x.data(), dy.data(), 1.0f, weight_gradient.data());
  xt::noalias(bias_gradient) += xt::sum(dy, {0});
}

Dense::Dense(std::size_t inputs, std::size_t outputs, Initializer init, Rng& rng)
    : init_(init),
      weight_(Tensor::from_shape({inputs, outputs})),
      bias_(xt::zeros<float>({outputs})),
      weight_gradient_(xt::zeros<float>({inputs, outputs})),
      bias_gradient_(xt::zeros<float>({outputs})) {
  if (inputs == 0 || outputs == 0) throw ArgumentError("Dense: inputs and outputs must be positive");
  if (init == Initializer::he) {
    he_normal(weight_, inputs, rng);
  } else {
    glorot_uniform(weight_, inputs, outputs, rng);
  }
}

const Tensor& Dense::forward(const Tensor& input) {
  require_shape(type(), input, {weight_.shape(0)});
  input_ = input;
  linear_forward(input_, weight_, bias_, output_);
  return output_;
}

const Tensor& Dense::backward(const Tensor& output_gradient) {
  linear_backward_parameters(input_, output_gradient, weight_gradient_, bias_gradient_);
  linear_backward_input(output_gradient, weight_, input_gradient_);
  return input_gradient_;
}

Shape Dense::output_shape(const Shape& input_shape) const {
  if (input_shape != Shape{weight_.shape(0)}) {
    throw ArgumentError("Dense expects samples of shape [" + std::to_string(weight_.shape(0)) +
                        "], got " + shape_to_string(input_shape) + " (add a Flatten before it?)");
  }
  return {weight_.shape(1)};
}

nlohmann::json Dense::config() const {
  return {{"inputs", weight_.shape(0)},
          {"outputs", weight_.shape(1)},
          {"init", init_ == Initializer::he ? "he" : "glorot"}};
}

std::vector<Parameter> Dense::parameters() {
  return {{"weight", &weight_, &weight_gradient_}, {"bias", &bias_, &bias_gradient_}};
}

}  // namespace glassbox
