// 2-D max pooling: each output is the largest input in its kernel×kernel window.
//
//   y[n][c][oy][ox] = max_{0≤i,j<k} x[n][c][oy·stride + i][ox·stride + j]
//
// Shapes: x N×C×H×W, y N×C×OH×OW with OH = (H − k)/stride + 1 and OW = (W − k)/stride + 1
// (N images, C channels, H×W pixels, k×k window; division rounding down, so rows and columns
// that no full window reaches are ignored). No padding.
//
// The layer remembers, for every output, which input won ("winners"): the backward pass sends each
// output's gradient to its winner only, and explanation methods (winner-take-all relevance) read
// the same positions. Ties: the first maximum in row-major window order wins (scanning i, then j),
// so the gradient of a tie goes to the top-left-most of the equal inputs.
#pragma once

#include <vector>

#include "framework/layers/im2col.hpp"
#include "framework/layers/layer.hpp"

namespace glassbox {

// y = max over each window (N×C×H×W → N×C×OH×OW). winners[o] is the flat index into x (over the
// whole batch, x.data()[winners[o]]) of the input that y.data()[o] was taken from. y and winners
// are resized only when their size changes.
void max_pool2d_forward(const Tensor& x, const WindowGeometry& geometry, Tensor& y,
                        std::vector<std::size_t>& winners);

// dx = 0, then dx[winners[o]] += dy[o] for every output o: an input that wins several
// overlapping windows (stride < kernel) collects all their gradients. dx gets `input_shape`.
// The samples (first axis) are shared among the threads, so every winner of sample n must lie in
// sample n of dx, as pooling's do; ArgumentError otherwise.
void max_pool2d_backward(const Tensor& dy, const std::vector<std::size_t>& winners,
                         const Shape& input_shape, Tensor& dx);

class MaxPool2d : public Layer {
 public:
  // Square kernel×kernel window moved by `stride` along both axes; stride 0 means "= kernel"
  // (non-overlapping windows, the usual choice). Throws ArgumentError if kernel is 0.
  explicit MaxPool2d(std::size_t kernel, std::size_t stride = 0);

  std::string type() const override { return "MaxPool2d"; }
  const Tensor& forward(const Tensor& input) override;
  const Tensor& backward(const Tensor& output_gradient) override;
  // [C, H, W] → [C, OH, OW]; ArgumentError if the sample is not 3-D or the window does not fit.
  Shape output_shape(const Shape& input_shape) const override;
  // {"kernel", "stride"}
  nlohmann::json config() const override { return {{"kernel", kernel_}, {"stride", stride_}}; }

  std::size_t kernel() const { return kernel_; }
  std::size_t stride() const { return stride_; }
  // For each output of the last forward batch (in the row-major order of the N×C×OH×OW output),
  // the flat index into input() of the input it took: output().data()[o] ==
  // input().data()[winners()[o]].
  const std::vector<std::size_t>& winners() const { return winners_; }
  // Geometry of the last forward batch.
  const WindowGeometry& geometry() const { return geometry_; }

 private:
  std::size_t kernel_, stride_;
  WindowGeometry geometry_;
  std::vector<std::size_t> winners_;
};

}  // namespace glassbox
