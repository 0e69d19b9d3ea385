// The sampling step of a variational autoencoder (Kingma & Welling, 2014) between its encoder
// and its decoder, with the KL term that pulls the codes towards the prior N(0, I).
//
// Shapes: the encoder gives N×2Z numbers per batch, read as [μ | log σ²] (the first Z columns
// the means, the last Z the log-variances); codes are N×Z.
//
//   forward:   z = μ + σ ⊙ ε,  ε ~ N(0, I) drawn anew each call   (the reparametrisation trick)
//              KL = (1/N) Σ_n ½ Σ_j (μ² + σ² − 1 − log σ²)         (mean over the batch)
//   backward:  given dL/dz and the weight w of the KL term in L,
//              dL/dμ     = dL/dz + w·μ / N
//              dL/dlogσ² = dL/dz ⊙ ε ⊙ σ/2 + w·(σ² − 1) / (2N)
// Since z depends on μ and σ smoothly once ε is fixed, the decoder's code gradient flows back
// to the encoder, and the prior makes every code near the origin decode to something like the data.
#pragma once

#include "framework/random.hpp"
#include "framework/tensor.hpp"

namespace glassbox {

class VariationalCode {
 public:
  // Samples the codes of a batch of encoder outputs (N×2Z) and remembers what backward needs.
  const Tensor& forward(const Tensor& encoded, Rng& rng);
  // The batch-mean KL divergence of the last forward call.
  double kl_divergence() const { return kl_divergence_; }
  // dL/d(encoder output), N×2Z, from dL/dz (N×Z) and the weight of the KL term.
  const Tensor& backward(const Tensor& code_gradient, float kl_weight);

 private:
  Tensor encoded_, noise_, codes_, encoded_gradient_;
  double kl_divergence_ = 0.0;
};

}  // namespace glassbox
