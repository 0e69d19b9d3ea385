#include "explain/lrp/linear_layer.hpp"

#include <algorithm>
#include <utility>

namespace glassbox::explain {
namespace {

// The one weight (or bias) that every tap of a pooling window shares, as a 1-element tensor.
Tensor shared(float value) {
  Tensor t = Tensor::from_shape({1});
  t.data()[0] = value;
  return t;
}

}  // namespace

LinearLayer::LinearLayer(Kind kind, Tensor weight, Tensor bias, WindowGeometry geometry)
    : kind_(kind), weight_(std::move(weight)), bias_(std::move(bias)), geometry_(geometry) {}

void LinearLayer::record(const Layer& layer) {
  forward_input_ = &layer.input();
  forward_output_ = &layer.output();
}

LinearLayer::LinearLayer(const Dense& layer)
    : LinearLayer(Kind::dense, layer.weight(), layer.bias(), {}) {
  record(layer);
}

LinearLayer::LinearLayer(const Conv2d& layer)
    : LinearLayer(Kind::convolution, layer.weight(), layer.bias(), layer.geometry()) {
  record(layer);
}

LinearLayer::LinearLayer(const Conv1d& layer)
    : LinearLayer(Kind::convolution, layer.weight(), layer.bias(), layer.geometry()) {
  record(layer);
}

LinearLayer::LinearLayer(const AvgPool2d& layer)
    : LinearLayer(
          Kind::window_sum,
          shared(layer.sum() ? 1.0f : 1.0f / static_cast<float>(layer.kernel() * layer.kernel())),
          shared(0.0f), layer.geometry()) {
  record(layer);
}

LinearLayer LinearLayer::window_sum(const MaxPool2d& layer) {
  return LinearLayer(Kind::window_sum, shared(1.0f), shared(0.0f), layer.geometry());
}

void LinearLayer::forward(const Tensor& activation, const Tensor& weight, const Tensor& bias,
                          Tensor& output) const {
  switch (kind_) {
    case Kind::dense:
      linear_forward_choosing_path(activation, weight, bias, output, columns_, columns_workspace_);
      return;
    case Kind::convolution:
      conv2d_forward(activation, weight, bias, geometry_, output, workspace_);
      return;
    case Kind::window_sum:
      // Pooling has no bias; every tap of every window carries the same (modified) weight.
      avg_pool2d_forward(activation, geometry_, /*sum=*/true, output);
      output *= weight.data()[0];
      return;
  }
}

bool LinearLayer::recorded_output(const Tensor& activation, Tensor& output) const {
  if (!forward_output_ || activation.size() != forward_input_->size()) return false;
  // The same object, or (a Conv1d's sequences seen as images) the same values in another shape.
  if (&activation != forward_input_ &&
      !std::equal(activation.data(), activation.data() + activation.size(),
                  forward_input_->data())) {
    return false;
  }
  output = *forward_output_;
  if (kind_ == Kind::convolution) {  // N×F×L for a Conv1d: N×F×L×1, as forward() gives
    output.reshape({activation.shape(0), weight_.shape(0), geometry_.output_height(),
                    geometry_.output_width()});
  }
  return true;
}

void LinearLayer::backward(const Tensor& ratio, const Tensor& weight, Tensor& result) const {
  switch (kind_) {
    case Kind::dense:
      linear_backward_input(ratio, weight, result);
      return;
    case Kind::convolution:
      conv2d_backward_input(ratio, weight, geometry_, result, workspace_);
      return;
    case Kind::window_sum:
      avg_pool2d_backward(ratio, geometry_, /*sum=*/true, result);
      result *= weight.data()[0];
      return;
  }
}

}  // namespace glassbox::explain
