// Adam (Kingma & Ba, 2015) with L2 weight decay added to the gradient.
//
// With g = ∇L + λ·w and step count t:
//   m ← β1·m + (1 − β1)·g          v ← β2·v + (1 − β2)·g²
//   m̂ = m / (1 − β1^t)             v̂ = v / (1 − β2^t)
//   w ← w − η · m̂ / (√v̂ + ε)
#pragma once

#include "framework/optimizers/optimizer.hpp"

namespace glassbox {

struct AdamSettings {
  float learning_rate = 1e-3f;
  float beta1 = 0.9f;
  float beta2 = 0.999f;
  float epsilon = 1e-8f;
  float weight_decay = 0.0f;
};

class Adam : public Optimizer {
 public:
  explicit Adam(const AdamSettings& settings);
  void step(const std::vector<Parameter>& parameters) override;
  nlohmann::json describe() const override;
  // The step count t and two slots, "first_moment" (m) and "second_moment" (v).
  OptimizerState state() const override;
  void load_state(const OptimizerState& state) override;

 private:
  AdamSettings settings_;
  std::vector<Tensor> first_moments_, second_moments_;
  long step_count_ = 0;
};

}  // namespace glassbox
