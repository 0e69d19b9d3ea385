// Sigmoid: y = 1 / (1 + e^(−x)), elementwise; dy/dx = y·(1 − y). Any shape.
#pragma once

#include "framework/layers/layer.hpp"

namespace glassbox {

class Sigmoid : public Layer {
 public:
  std::string type() const override { return "Sigmoid"; }
  const Tensor& forward(const Tensor& input) override;
  const Tensor& backward(const Tensor& output_gradient) override;
  Shape output_shape(const Shape& input_shape) const override { return input_shape; }
  nlohmann::json config() const override { return nlohmann::json::object(); }
};

}  // namespace glassbox
