// A sparsity (L1) penalty on the weights, as a proximal step after any optimizer's update
// (docs/math/l1_penalty.md): training minimises L(θ) + λ·Σ|w| over the weights w
// (parameters named "weight"; biases are not penalised).
//
// |w| has no gradient at 0, so instead of adding λ·sign(w) to the gradient (which makes weights
// hop around zero without ever reaching it), each step first lets the wrapped optimizer update θ
// from ∇L alone, then moves every weight towards zero by η·λ and stops it there:
//
//   w ← sign(w) · max(|w| − η·λ, 0)        (soft thresholding, the proximal map of η·λ·|w|)
//
// η is the wrapped optimizer's current learning rate. With plain SGD this is proximal gradient
// descent (ISTA); with momentum or Adam it is the usual practical variant. Weights that the data
// does not keep pushing away from zero end at exactly 0.
//
// Shapes: any; the threshold acts element by element.
#pragma once

#include <memory>

#include "framework/optimizers/optimizer.hpp"

namespace glassbox {

// Soft thresholding in place: every element moved towards 0 by `threshold` (≥ 0), stopping at 0.
void soft_threshold(Tensor& values, float threshold);

class L1Proximal : public Optimizer {
 public:
  // Wraps `inner` (which does the gradient step). Throws ArgumentError for a negative λ.
  L1Proximal(std::unique_ptr<Optimizer> inner, float lambda);

  // inner.step(parameters), then soft_threshold(w, η·λ) for every parameter named "weight".
  void step(const std::vector<Parameter>& parameters) override;
  nlohmann::json describe() const override;  // the inner optimizer's, plus "l1": λ
  OptimizerState state() const override { return inner_->state(); }
  void load_state(const OptimizerState& state) override { inner_->load_state(state); }

 private:
  std::unique_ptr<Optimizer> inner_;
  float lambda_;
};

}  // namespace glassbox
