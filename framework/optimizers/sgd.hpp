// Stochastic gradient descent with momentum, Nesterov momentum and L2 weight decay.
//
// With g = ∇L + λ·w (λ the weight decay), velocity v and momentum μ (the convention PyTorch uses):
//   v ← μ·v + g
//   w ← w − η·v              (classical momentum)
//   w ← w − η·(g + μ·v)      (Nesterov)
// μ = 0 is plain SGD.
#pragma once

#include "framework/optimizers/optimizer.hpp"

namespace glassbox {

struct SgdSettings {
  float learning_rate = 0.01f;
  float momentum = 0.0f;
  bool nesterov = false;
  float weight_decay = 0.0f;
};

class Sgd : public Optimizer {
 public:
  explicit Sgd(const SgdSettings& settings);
  void step(const std::vector<Parameter>& parameters) override;
  nlohmann::json describe() const override;
  // One slot, "velocity" (v).
  OptimizerState state() const override;
  void load_state(const OptimizerState& state) override;

 private:
  SgdSettings settings_;
  std::vector<Tensor> velocities_;  // one per parameter, created at the first step
};

}  // namespace glassbox
