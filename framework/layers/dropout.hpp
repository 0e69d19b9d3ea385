// Dropout (inverted): while training, each unit is kept with probability 1 − p and scaled by
// 1/(1 − p), so that at evaluation the layer is the identity. Any shape.
#pragma once

#include "framework/layers/layer.hpp"
#include "framework/random.hpp"

namespace glassbox {

class Dropout : public Layer {
 public:
  // `seed` makes the masks reproducible; it is saved with the model.
  Dropout(double rate, std::uint64_t seed);

  std::string type() const override { return "Dropout"; }
  const Tensor& forward(const Tensor& input) override;
  const Tensor& backward(const Tensor& output_gradient) override;
  Shape output_shape(const Shape& input_shape) const override { return input_shape; }
  nlohmann::json config() const override { return {{"rate", rate_}, {"seed", seed_}}; }
  void set_training(bool training) override { training_ = training; }

 private:
  double rate_;  // kept in double so model files show the rate as it was written (0.1, not
                 // 0.10000000149)
  std::uint64_t seed_;
  Rng rng_;
  bool training_ = false;
  Tensor mask_;  // 0 or 1/(1 − p) per unit of the last training batch
};

}  // namespace glassbox
