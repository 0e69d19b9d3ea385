// The layers LRP's core propagates through: those whose output is linear in their input,
//
//   z = W·a + b,
//
// seen only through their parameters and the two free functions that apply W and Wᵀ. The core
// (propagate.hpp) runs those functions with the weights a rule has modified; which functions run is
// the only difference between a dense and a convolutional layer as far as LRP is concerned.
//
//   kind         z = W·a + b                       c = Wᵀ·s                     W              b
//   Dense        linear_forward                    linear_backward_input        D×K            K
//   Conv2d       conv2d_forward                    conv2d_backward_input        F×C×kh×kw      F
//   Conv1d       the same, on N×C×L×1 views        (text_layers.hpp)            F×C×w×1        F
//   window sum   avg_pool2d_forward (sum) · w      avg_pool2d_backward · w      1 (every tap)  1
//   (0)
//
// The window sum covers average pooling (w = 1/k², or 1 for sum pooling) and, with w = 1, the
// windows of a max-pooling layer for proportional redistribution (docs/math/lrp.md eq. 12b).
//
// Shapes: a N×D or N×C×H×W; z and s N×K or N×F×OH×OW; c like a (N samples, D inputs, K outputs,
// C channels, F filters, H×W pixels, kh×kw kernel, OH×OW output pixels).
#pragma once

#include "framework/layers/avg_pool2d.hpp"
#include "framework/layers/conv1d.hpp"
#include "framework/layers/conv2d.hpp"
#include "framework/layers/dense.hpp"
#include "framework/layers/max_pool2d.hpp"

namespace glassbox::explain {

class LinearLayer {
 public:
  // Built after the layer's forward pass: convolution and pooling take the geometry of the batch
  // the layer saw last, which is the batch being explained, and every kind but the max-pooling
  // window sum remembers where that pass's input and output are (recorded_output).
  explicit LinearLayer(const Dense& layer);
  explicit LinearLayer(const Conv2d& layer);
  // A 1-D convolution as the 2-D one it runs on: a and R must be given as N×C×L×1 images.
  explicit LinearLayer(const Conv1d& layer);
  explicit LinearLayer(const AvgPool2d& layer);
  // Σ over each max-pooling window, every tap with weight 1.
  static LinearLayer window_sum(const MaxPool2d& layer);

  const Tensor& weight() const { return weight_; }
  const Tensor& bias() const { return bias_; }

  // z = weight·a + bias, by the layer's own forward free function, summed in the order the layer
  // sums (Dense: over the nonzero columns of a when at most half of them hold one). `weight` and
  // `bias` have the shapes of weight() and bias().
  void forward(const Tensor& activation, const Tensor& weight, const Tensor& bias,
               Tensor& output) const;
  // The z = W·a + b the layer's last forward pass computed, with the layer's own parameters, when
  // `activation` holds the values that pass read (the layer's input()): copied into `output` in the
  // shape forward() gives, and true. False when the values differ or nothing was recorded (the
  // window sum of a max-pooling layer, whose forward pass took maxima).
  bool recorded_output(const Tensor& activation, Tensor& output) const;
  // c = weightᵀ·s, by the layer's own backward-input free function (s has z's shape, c has a's).
  void backward(const Tensor& ratio, const Tensor& weight, Tensor& result) const;

 private:
  enum class Kind { dense, convolution, window_sum };
  LinearLayer(Kind kind, Tensor weight, Tensor bias, WindowGeometry geometry);

  void record(const Layer& layer);

  Kind kind_;
  Tensor weight_, bias_;     // copies of the layer's parameters, so a LinearLayer stands alone
  WindowGeometry geometry_;  // convolution and window sum only
  // The layer's last forward input and output: read, while the layer is not run again, by
  // recorded_output only. Null for the window sum of a max-pooling layer.
  const Tensor* forward_input_ = nullptr;
  const Tensor* forward_output_ = nullptr;
  // Scratch memory of the layer's free functions, nothing more.
  mutable Conv2dWorkspace workspace_;
  mutable std::vector<std::uint32_t> columns_;
  mutable LinearColumnsWorkspace columns_workspace_;
};

}  // namespace glassbox::explain
