// 2-D convolution layer (strictly, cross-correlation, as in every deep-learning framework):
//
//   y[n][f][oy][ox] = b[f] + Σ_{c,i,j} W[f][c][i][j] · x[n][c][oy·s − p + i][ox·s − p + j]
//
// with stride s, padding p, and x read as 0 outside the image (zero padding).
//
// Shapes: x N×C×H×W, W F×C×kh×kw, b F, y N×F×OH×OW with OH = (H + 2p − kh)/s + 1 and
// OW = (W + 2p − kw)/s + 1  (N images, C input channels, H×W pixels, F filters, kh×kw kernel,
// division rounding down).
//
// How: for each image, im2col (im2col.hpp) lays its patches out as a (C·kh·kw)×(OH·OW) matrix,
// and one GEMM with the weights read as an F×(C·kh·kw) matrix gives that image's F×OH×OW output
// in place. Image by image rather than one GEMM for the whole batch because it measured faster:
// forward + backward of the MNIST reference convolutions (N = 64, 5×5, 1→16 on 28×28 and 16→32 on
// 14×14) took 13 ms image by image against 19 ms batched on one core, and no better batched with
// two BLAS threads. One image's columns stay in cache between im2col and the GEMM; a whole
// batch's (20 MB for the 16→32 layer) do not. conv2d_naive.hpp has the same three functions as
// plain loops over the definition: the reference the tests hold these to, and easier to read.
//
// The arithmetic lives in free functions so that explanation methods can rerun it with modified
// weights (docs/math/lrp.md) without touching the layer.
#pragma once

#include <vector>

#include "framework/layers/dense.hpp"  // Initializer
#include "framework/layers/im2col.hpp"
#include "framework/layers/layer.hpp"
#include "framework/random.hpp"

namespace glassbox {

// Scratch memory of the convolution functions, kept by the caller so that it is allocated once
// and reused by every batch. Contents between calls are meaningless.
struct Conv2dWorkspace {
  // Images are processed in parallel (one OpenMP thread each), so every thread has its own set.
  struct Scratch {
    std::vector<float> columns;          // (C·kh·kw)×(OH·OW): the im2col matrix of one image
    std::vector<float> padded_image;     // C×(H + 2·padding)×(W + 2·padding), see im2col
    std::vector<float> weight_gradient;  // C·kh·kw×F: this thread's share of dW, transposed
  };
  std::vector<Scratch> per_thread;
};

// The geometry of convolving an N×C×H×W batch `x` with an F×C×kh×kw `weight`. Throws
// ArgumentError when x is not 4-D, its channels differ from the weight's, or the kernel does not
// fit into the padded image.
WindowGeometry conv2d_geometry(const Tensor& x, const Tensor& weight, std::size_t stride,
                               std::size_t padding);

// y = x ⊛ W + b  (N×C×H×W, F×C×kh×kw, F → N×F×OH×OW). Resizes y only when its shape changes.
void conv2d_forward(const Tensor& x, const Tensor& weight, const Tensor& bias,
                    const WindowGeometry& geometry, Tensor& y, Conv2dWorkspace& workspace);

// dx = dL/dx for dy = dL/dy  (N×F×OH×OW, F×C×kh×kw → N×C×H×W): per image, the GEMM Wᵀ·dy gives
// the gradient of every patch entry, and col2im adds each back onto the pixel it was read from.
// Overwrites dx (resized only when its shape changes).
void conv2d_backward_input(const Tensor& dy, const Tensor& weight, const WindowGeometry& geometry,
                           Tensor& dx, Conv2dWorkspace& workspace);

// dW += Σ_n dy_n · im2col(x_n)ᵀ  (F×(OH·OW) · (OH·OW)×(C·kh·kw)),  db += Σ_{n,oy,ox} dy.
// (Computed as its transpose, Σ_n im2col(x_n) · dy_nᵀ, which BLAS does faster; see the .cpp.)
// Accumulates, like every gradient in glassbox.
void conv2d_backward_parameters(const Tensor& x, const Tensor& dy, const WindowGeometry& geometry,
                                Tensor& weight_gradient, Tensor& bias_gradient,
                                Conv2dWorkspace& workspace);

// Hyperparameters of a Conv2d layer; the model-file config holds the same keys.
struct Conv2dSettings {
  std::size_t in_channels = 0;    // C
  std::size_t out_channels = 0;   // F
  std::size_t kernel_height = 0;  // kh
  std::size_t kernel_width = 0;   // kw
  std::size_t stride = 1;         // along both axes
  std::size_t padding = 0;        // zeros on every side
  // He: N(0, 2/fan_in); Glorot: U(±sqrt(6/(fan_in + fan_out))), with fan_in = C·kh·kw (the inputs
  // each output sums over) and fan_out = F·kh·kw.
  Initializer init = Initializer::he;
};

class Conv2d : public Layer {
 public:
  // Throws ArgumentError when a channel count, the kernel size or the stride is 0.
  Conv2d(const Conv2dSettings& settings, Rng& rng);

  std::string type() const override { return "Conv2d"; }
  const Tensor& forward(const Tensor& input) override;
  // Skips dx (returns an empty tensor) when the input gradient is switched off.
  const Tensor& backward(const Tensor& output_gradient) override;
  // [C, H, W] → [F, OH, OW]; ArgumentError if the channels differ or the kernel does not fit.
  Shape output_shape(const Shape& input_shape) const override;
  // {"in_channels", "out_channels", "kernel" (or "kernel_height" and "kernel_width" when the
  //  kernel is not square), "stride", "padding", "init"}
  nlohmann::json config() const override;
  std::vector<Parameter> parameters() override;

  const Conv2dSettings& settings() const { return settings_; }
  const Tensor& weight() const { return weight_; }  // F×C×kh×kw
  const Tensor& bias() const { return bias_; }      // F
  // Geometry of the last forward batch, to rerun the free functions on it.
  const WindowGeometry& geometry() const { return geometry_; }

 private:
  Conv2dSettings settings_;
  Tensor weight_, bias_;
  Tensor weight_gradient_, bias_gradient_;
  WindowGeometry geometry_;
  Conv2dWorkspace workspace_;
};

}  // namespace glassbox
