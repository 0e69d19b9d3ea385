// ReLU: y = max(0, x), elementwise; dy/dx = 1 where x > 0, else 0. Any shape.
#pragma once

#include "framework/layers/layer.hpp"

namespace glassbox {

class ReLU : public Layer {
 public:
  std::string type() const override { return "ReLU"; }
  const Tensor& forward(const Tensor& input) override;
  const Tensor& backward(const Tensor& output_gradient) override;
  Shape output_shape(const Shape& input_shape) const override { return input_shape; }
  nlohmann::json config() const override { return nlohmann::json::object(); }
};

}  // namespace glassbox
