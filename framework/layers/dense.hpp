// Dense (fully connected) layer: y = x·W + b.
//
// Shapes: x N×D, W D×K, b K, y N×K  (N samples, D inputs, K outputs).
// The arithmetic lives in free functions so that explanation methods can rerun it with modified
// weights (docs/math/lrp.md) without touching the layer.
#pragma once

#include "framework/layers/layer.hpp"
#include "framework/random.hpp"

namespace glassbox {

// y = x·W + b  (N×D · D×K + K → N×K). Resizes y only when its shape changes.
void linear_forward(const Tensor& x, const Tensor& weight, const Tensor& bias, Tensor& y);

// dx = dy·Wᵀ  (N×K · K×D → N×D).
void linear_backward_input(const Tensor& dy, const Tensor& weight, Tensor& dx);

// dW += xᵀ·dy  (D×N · N×K),  db += Σ_n dy.
void linear_backward_parameters(const Tensor& x, const Tensor& dy, Tensor& weight_gradient,
                                Tensor& bias_gradient);

enum class Initializer { he, glorot };

class Dense : public Layer {
 public:
  Dense(std::size_t inputs, std::size_t outputs, Initializer init, Rng& rng);

  std::string type() const override { return "Dense"; }
  const Tensor& forward(const Tensor& input) override;
  const Tensor& backward(const Tensor& output_gradient) override;
  Shape output_shape(const Shape& input_shape) const override;
  nlohmann::json config() const override;
  std::vector<Parameter> parameters() override;

  const Tensor& weight() const { return weight_; }  // D×K
  const Tensor& bias() const { return bias_; }      // K

 private:
  Initializer init_;
  Tensor weight_, bias_;
  Tensor weight_gradient_, bias_gradient_;
};

}  // namespace glassbox
