#include "framework/layers/max_over_time.hpp"

#include <string>

#include "framework/errors.hpp"
#include "framework/layers/max_pool2d.hpp"
#include "framework/layers/shape_checks.hpp"

namespace glassbox {
void max_over_time_forward(const Tensor& x, Tensor& y, std::vector<std::size_t>& winners) {
  if (x.dimension() != 3 || x.shape(0) == 0 || x.shape(2) == 0) {
    throw ArgumentError("max_over_time_forward: x should be N×F×L with N, L >= 1, got " +
                        shape_to_string(shape_of(x)));
  }
  const std::size_t length = x.shape(2);
  resize_if_needed(y, {x.shape(0), x.shape(1)});
  winners.resize(y.size());
  const float* input = x.data();
  for (std::size_t map = 0; map < y.size(); ++map) {
    const std::size_t start = map * length;
    std::size_t best = start;
    for (std::size_t t = start + 1; t < start + length; ++t) {
      // Strictly greater: a later equal value does not replace the first maximum.
      if (input[t] > input[best]) best = t;
    }
    y.data()[map] = input[best];
    winners[map] = best;
  }
}

const Tensor& MaxOverTime::forward(const Tensor& input) {
  if (input.dimension() != 3) {
    throw ArgumentError("MaxOverTime expects a batch of shape [N, F, L], got " +
                        shape_to_string(shape_of(input)));
  }
  input_ = input;
  max_over_time_forward(input_, output_, winners_);
  return output_;
}

const Tensor& MaxOverTime::backward(const Tensor& output_gradient) {
  if (shape_of(output_gradient) != shape_of(output_)) {
    throw ArgumentError("MaxOverTime: the output gradient " +
                        shape_to_string(shape_of(output_gradient)) +
                        " does not match the last output " + shape_to_string(shape_of(output_)));
  }
  max_pool2d_backward(output_gradient, winners_, shape_of(input_), input_gradient_);
  return input_gradient_;
}

Shape MaxOverTime::output_shape(const Shape& input_shape) const {
  if (input_shape.size() != 2 || input_shape[1] == 0) {
    throw ArgumentError("MaxOverTime expects samples of shape [F, L], got " +
                        shape_to_string(input_shape));
  }
  return {input_shape[0]};
}

}  // namespace glassbox
