// Softmax cross-entropy on logits, averaged over the batch.
//
// Shapes: logits z N×K, labels y N.  L = (1/N) Σ_n [ log Σ_k e^{z_nk} − z_{n,y_n} ],
// with the log-sum-exp computed after subtracting the row maximum so that large logits cannot
// overflow. Gradient: dL/dz = (softmax(z) − onehot(y)) / N.
#pragma once

#include "framework/losses/classification_loss.hpp"
#include "framework/tensor.hpp"

namespace glassbox {

class SoftmaxCrossEntropy : public ClassificationLoss {
 public:
  std::string name() const override { return "cross-entropy"; }
  // Returns the mean loss; throws ArgumentError on mismatched sizes or labels outside [0, K).
  float forward(const Tensor& logits, const Labels& labels) override;
  // dL/d(logits) for the last forward call, N×K.
  const Tensor& backward() const override { return gradient_; }
  // softmax(z) of the last forward call, N×K.
  const Tensor& probabilities() const { return probabilities_; }

 private:
  Tensor probabilities_, gradient_;
};

// Row-wise softmax of N×K logits, stable for large values.
Tensor softmax(const Tensor& logits);

}  // namespace glassbox
