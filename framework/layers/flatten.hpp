// Flatten: N×C×H×W (or any N×...) → N×(C·H·W). Row-major order is kept, so only the shape changes.
#pragma once

#include "framework/layers/layer.hpp"

namespace glassbox {

class Flatten : public Layer {
 public:
  std::string type() const override { return "Flatten"; }
  const Tensor& forward(const Tensor& input) override;
  const Tensor& backward(const Tensor& output_gradient) override;
  Shape output_shape(const Shape& input_shape) const override;
  nlohmann::json config() const override { return nlohmann::json::object(); }
};

}  // namespace glassbox
