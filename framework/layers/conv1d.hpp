// 1-D convolution over a sequence (cross-correlation, as in every deep-learning framework):
//
//   y[n][f][t] = b[f] + Σ_{c, i} W[f][c][i][0] · x[n][c][t + i]        t = 0 … L − w
//
// Shapes: x N×C×L, W F×C×w×1, b F, y N×F×(L − w + 1)  (N sequences, C channels, L positions,
// F filters of width w). No padding, stride 1: a filter of width w reads w consecutive tokens
// (an n-gram detector, in a text CNN).
//
// How: the sequence is a C×L×1 image, an image of height L and width 1, and the filters are w×1
// kernels, so the layer calls the 2-D convolution's free functions (conv2d.hpp) on 4-D views of
// its tensors: N×C×L becomes N×C×L×1 by reshaping, which changes the shape and not the data. The
// weight is stored in that 4-D form, F×C×w×1, so explanation methods rerun the layer exactly as it
// runs itself: conv2d_forward(input reshaped to N×C×L×1, modified W, b, geometry(), …).
#pragma once

#include "framework/layers/conv2d.hpp"
#include "framework/layers/layer.hpp"
#include "framework/random.hpp"

namespace glassbox {

class Conv1d : public Layer {
 public:
  // C → F channels, filters of width w; He or Glorot initialisation with fan_in = C·w,
  // fan_out = F·w. Throws ArgumentError when a size is 0.
  Conv1d(std::size_t in_channels, std::size_t out_channels, std::size_t width, Initializer init,
         Rng& rng);

  std::string type() const override { return "Conv1d"; }
  const Tensor& forward(const Tensor& input) override;
  // Skips dx (returns an empty tensor) when the input gradient is switched off.
  const Tensor& backward(const Tensor& output_gradient) override;
  // [C, L] → [F, L − w + 1]; ArgumentError if the channels differ or the filter is longer than L.
  Shape output_shape(const Shape& input_shape) const override;
  // {"in_channels", "out_channels", "width", "init"}
  nlohmann::json config() const override;
  std::vector<Parameter> parameters() override;

  std::size_t in_channels() const { return weight_.shape(1); }   // C
  std::size_t out_channels() const { return weight_.shape(0); }  // F
  std::size_t width() const { return weight_.shape(2); }         // w
  const Tensor& weight() const { return weight_; }               // F×C×w×1
  const Tensor& bias() const { return bias_; }                   // F
  // The 2-D geometry of the last forward batch: C channels, height L, width 1, kernel w×1.
  const WindowGeometry& geometry() const { return geometry_; }

 private:
  Initializer init_;
  Tensor weight_, bias_;
  Tensor weight_gradient_, bias_gradient_;
  Tensor output_gradient_;  // dy reshaped to N×F×L'×1 (a copy: the caller's tensor is const)
  WindowGeometry geometry_;
  Conv2dWorkspace workspace_;
};

}  // namespace glassbox
