// 2-D average pooling, or sum pooling with `sum`: each output is the mean (or the sum) of its
// kernel×kernel window.
//
//   y[n][c][oy][ox] = scale · Σ_{0≤i,j<k} x[n][c][oy·stride + i][ox·stride + j],
//   scale = 1/k² (average) or 1 (sum)
//
// Shapes: x N×C×H×W, y N×C×OH×OW with OH = (H − k)/stride + 1 and OW = (W − k)/stride + 1
// (N images, C channels, H×W pixels, k×k window; division rounding down, so rows and columns
// that no full window reaches are ignored). No padding, so every window averages k² real inputs.
//
// The layer is linear with fixed weights (scale on each window), which is why explanation methods
// can treat it like a convolution with one positive weight per tap.
#pragma once

#include "framework/layers/im2col.hpp"
#include "framework/layers/layer.hpp"

namespace glassbox {

// y = scale · Σ over each window (N×C×H×W → N×C×OH×OW), scale = 1 when `sum`, else 1/(kh·kw).
// Resizes y only when its shape changes.
void avg_pool2d_forward(const Tensor& x, const WindowGeometry& geometry, bool sum, Tensor& y);

// dx[window of o] += scale · dy[o] for every output o, starting from dx = 0; overlapping windows
// (stride < kernel) add up. dx gets the N×C×H×W input shape.
void avg_pool2d_backward(const Tensor& dy, const WindowGeometry& geometry, bool sum, Tensor& dx);

class AvgPool2d : public Layer {
 public:
  // Square kernel×kernel window moved by `stride` along both axes; stride 0 means "= kernel".
  // `sum` turns average pooling into sum pooling. Throws ArgumentError if kernel is 0.
  explicit AvgPool2d(std::size_t kernel, std::size_t stride = 0, bool sum = false);

  std::string type() const override { return "AvgPool2d"; }
  const Tensor& forward(const Tensor& input) override;
  const Tensor& backward(const Tensor& output_gradient) override;
  // [C, H, W] → [C, OH, OW]; ArgumentError if the sample is not 3-D or the window does not fit.
  Shape output_shape(const Shape& input_shape) const override;
  // {"kernel", "stride", "sum"}
  nlohmann::json config() const override {
    return {{"kernel", kernel_}, {"stride", stride_}, {"sum", sum_}};
  }

  std::size_t kernel() const { return kernel_; }
  std::size_t stride() const { return stride_; }
  bool sum() const { return sum_; }
  // Geometry of the last forward batch, to rerun the free functions on it.
  const WindowGeometry& geometry() const { return geometry_; }

 private:
  std::size_t kernel_, stride_;
  bool sum_;
  WindowGeometry geometry_;
};

}  // namespace glassbox
