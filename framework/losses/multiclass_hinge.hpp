// Multi-class hinge loss, in the form of Weston & Watkins (1999), "Support vector machines for
// multi-class pattern recognition" (ESANN), averaged over the batch:
//
//   L = (1/N) Σ_n Σ_{k ≠ y_n} max(0, Δ − z_{n,y_n} + z_{n,k}),      margin Δ = 1
//
// Every wrong class whose score comes within Δ of the true class's score adds its shortfall.
// (Crammer & Singer (2001) would count only the worst wrong class, max_{k ≠ y} z_k; Weston–Watkins
// lets every violating class push at once, which trains faster from a cold start.) A linear layer
// trained on this loss with an L2 penalty on its weights (the optimizer's weight decay λ, i.e. the
// term (λ/2)·||W||²) is a linear multi-class SVM.
//
// Shapes: logits z N×K, labels y N. Gradient, with [·] = 1 when the term is positive, else 0:
//   dL/dz_{n,k}   = [Δ − z_{n,y_n} + z_{n,k} > 0] / N                  for k ≠ y_n
//   dL/dz_{n,y_n} = −(number of k ≠ y_n with a positive term) / N
// At a kink (a term exactly 0) the gradient taken is 0, one of the subgradients.
#pragma once

#include "framework/losses/classification_loss.hpp"

namespace glassbox {

class MulticlassHinge : public ClassificationLoss {
 public:
  explicit MulticlassHinge(float margin = 1.0f);

  std::string name() const override { return "hinge"; }
  // Returns the mean loss; throws ArgumentError on mismatched sizes or labels outside [0, K).
  float forward(const Tensor& logits, const Labels& labels) override;
  // dL/d(logits) of the last forward call, N×K.
  const Tensor& backward() const override { return gradient_; }

  float margin() const { return margin_; }

 private:
  float margin_;
  Tensor gradient_;
};

}  // namespace glassbox
