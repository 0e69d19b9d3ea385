// The training loop for autoencoders: an encoder maps an input to a code z, a decoder maps z back
// to a reconstruction x̂ = g(z), and both are trained together to make x̂ close to x under the mean
// squared error, L = (1/M) Σ_i (x̂_i − x_i)² over the M numbers of a batch.
//
// Shapes: inputs N×(encoder input shape), codes N×Z, reconstructions N×(decoder output shape),
// which must hold as many numbers per sample as an input (MNIST: 1×28×28 in, 784 out); the
// targets are the inputs reshaped to the reconstructions' shape.
//
// Variational (settings.variational): the encoder gives N×2Z numbers [μ | log σ²], a code is
// sampled between encoder and decoder (variational_code.hpp) and the loss gains the KL term,
//   L = MSE + w·KL,
// which is the negative evidence lower bound per pixel, times 2s²/D, for a Gaussian pixel noise of
// variance s² when w = 2s²/D. The prior N(0, I) then fills the code space around the origin, so a
// code found by a search decodes to something like a digit (a plain autoencoder leaves holes).
//
// Like train_classifier (trainer.hpp): seeded shuffled mini-batches, one training_step per batch
// (training_step.hpp) over the parameters of both models, a progress bar on stderr when it is a
// terminal, and a non-finite loss stops training: the weights of the last step whose loss was
// finite are put back and a DivergenceError says where it happened (divergence_guard.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "framework/optimizers/optimizer.hpp"
#include "framework/sequential.hpp"

namespace glassbox {

struct ReconstructionSettings {
  int epochs = 5;
  std::size_t batch_size = 64;
  std::uint64_t seed = 1;  // shuffling order; the same seed gives the same run
  bool progress = true;    // draw a progress bar (only when stderr is a terminal)
  bool variational = false;
  float kl_weight = 2.5e-4f;  // w; about 2s²/D with s² = 0.1 and D = 784
};

struct ReconstructionEpoch {
  int epoch = 0;               // from 1
  double loss = 0.0;           // mean squared error per number, averaged over the epoch's batches
  double kl_divergence = 0.0;  // variational: KL per sample, averaged likewise
  double seconds = 0.0;
};

using ReconstructionCallback = std::function<void(const ReconstructionEpoch&)>;

// Trains `encoder` and `decoder` on `inputs` (N×(encoder input shape)); returns one record per
// epoch. Throws ArgumentError when the models do not chain or the output size differs from the
// input size, DivergenceError on a non-finite loss. Both models are left in evaluation mode.
std::vector<ReconstructionEpoch> train_reconstruction(Sequential& encoder, Sequential& decoder,
                                                      Optimizer& optimizer, const Tensor& inputs,
                                                      const ReconstructionSettings& settings,
                                                      const ReconstructionCallback& on_epoch = {});

}  // namespace glassbox
