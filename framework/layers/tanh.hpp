// Tanh: y = tanh(x), elementwise; dy/dx = 1 − y². Any shape.
#pragma once

#include "framework/layers/layer.hpp"

namespace glassbox {

class Tanh : public Layer {
 public:
  std::string type() const override { return "Tanh"; }
  const Tensor& forward(const Tensor& input) override;
  const Tensor& backward(const Tensor& output_gradient) override;
  Shape output_shape(const Shape& input_shape) const override { return input_shape; }
  nlohmann::json config() const override { return nlohmann::json::object(); }
};

}  // namespace glassbox
