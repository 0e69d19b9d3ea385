#include "framework/layers/flatten.hpp"

#include <functional>
#include <numeric>

#include "framework/layers/shape_checks.hpp"

namespace glassbox {

const Tensor& Flatten::forward(const Tensor& input) {
  remember_input(input);
  const std::size_t n = input.shape(0);
  output_ = input;
  output_.reshape({n, input.size() / n});
  return output_;
}

const Tensor& Flatten::backward(const Tensor& output_gradient) {
  input_gradient_ = output_gradient;
  input_gradient_.reshape(input().shape());
  return input_gradient_;
}

Shape Flatten::output_shape(const Shape& input_shape) const {
  return {std::accumulate(input_shape.begin(), input_shape.end(), std::size_t{1},
                          std::multiplies<std::size_t>())};
}

}  // namespace glassbox
