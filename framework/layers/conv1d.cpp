#include "framework/layers/conv1d.hpp"

#include <string>

#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"

namespace glassbox {
Conv1d::Conv1d(std::size_t in_channels, std::size_t out_channels, std::size_t width,
               Initializer init, Rng& rng)
    : init_(init) {
  if (in_channels == 0 || out_channels == 0 || width == 0) {
    throw ArgumentError("Conv1d: in_channels, out_channels and width must be positive");
  }
  weight_ = Tensor::from_shape({out_channels, in_channels, width, 1});
  weight_gradient_ = xt::zeros<float>({out_channels, in_channels, width, std::size_t{1}});
  bias_ = xt::zeros<float>({out_channels});
  bias_gradient_ = xt::zeros<float>({out_channels});
  if (init == Initializer::he) {
    he_normal(weight_, in_channels * width, rng);
  } else {
    glorot_uniform(weight_, in_channels * width, out_channels * width, rng);
  }
}

const Tensor& Conv1d::forward(const Tensor& input) {
  if (input.dimension() != 3 || input.shape(0) == 0) {
    throw ArgumentError("Conv1d expects a batch of shape [N, " + std::to_string(in_channels()) +
                        ", L], got " + shape_to_string(shape_of(input)));
  }
  output_shape({input.shape(1), input.shape(2)});  // the layer's own message for a bad shape
  const std::size_t sequences = input.shape(0), channels = input.shape(1), length = input.shape(2);
  input_ = input;
  // Viewed as images of height L and width 1 for the 2-D functions; input() stays N×C×L.
  input_.reshape({sequences, channels, length, std::size_t{1}});
  geometry_ = conv2d_geometry(input_, weight_, 1, 0);
  conv2d_forward(input_, weight_, bias_, geometry_, output_, workspace_);
  input_.reshape({sequences, channels, length});
  output_.reshape({sequences, out_channels(), geometry_.output_height()});
  return output_;
}

const Tensor& Conv1d::backward(const Tensor& output_gradient) {
  const std::size_t sequences = input_.dimension() == 3 ? input_.shape(0) : 0;
  const Shape expected{sequences, out_channels(), sequences ? geometry_.output_height() : 0};
  if (shape_of(output_gradient) != expected) {
    throw ArgumentError("Conv1d: the output gradient " +
                        shape_to_string(shape_of(output_gradient)) +
                        " does not match the last output " + shape_to_string(expected));
  }
  resize_if_needed(output_gradient_, {expected[0], expected[1], expected[2], 1});
  std::copy(output_gradient.begin(), output_gradient.end(), output_gradient_.begin());
  input_.reshape({sequences, in_channels(), geometry_.height, std::size_t{1}});
  conv2d_backward_parameters(input_, output_gradient_, geometry_, weight_gradient_, bias_gradient_,
                             workspace_);
  input_.reshape({sequences, in_channels(), geometry_.height});
  if (!input_gradient_needed_) return skipped_input_gradient();
  conv2d_backward_input(output_gradient_, weight_, geometry_, input_gradient_, workspace_);
  input_gradient_.reshape({sequences, in_channels(), geometry_.height});
  return input_gradient_;
}

Shape Conv1d::output_shape(const Shape& input_shape) const {
  if (input_shape.size() != 2 || input_shape[0] != in_channels()) {
    throw ArgumentError("Conv1d expects samples of shape [" + std::to_string(in_channels()) +
                        ", L], got " + shape_to_string(input_shape));
  }
  if (input_shape[1] < width()) {
    throw ArgumentError("Conv1d: a filter of width " + std::to_string(width()) +
                        " does not fit into a sequence of length " +
                        std::to_string(input_shape[1]));
  }
  return {out_channels(), input_shape[1] - width() + 1};
}

nlohmann::json Conv1d::config() const {
  return {{"in_channels", in_channels()},
          {"out_channels", out_channels()},
          {"width", width()},
          {"init", init_ == Initializer::he ? "he" : "glorot"}};
}

std::vector<Parameter> Conv1d::parameters() {
  return {{"weight", &weight_, &weight_gradient_}, {"bias", &bias_, &bias_gradient_}};
}

}  // namespace glassbox
