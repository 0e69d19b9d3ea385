// One step of mini-batch gradient descent: what every trainer here repeats, batch after batch.
//
//   1. forward    ŷ = f(x; θ)              the model's outputs for the batch x
//   2. loss       L = ℓ(ŷ, y)              one number: how far ŷ is from the targets y (batch mean)
//   3. backward   g = ∂L/∂θ                the chain rule, from the loss back through every layer
//   4. step       θ ← θ − η·update(g)      SGD, momentum or Adam (framework/optimizers/)
//
// Shapes: x N×(input shape), ŷ N×(output shape); y N labels (classifiers) or N×(output shape)
// targets (autoencoders), whatever the loss takes.
//
// A loss that is not finite (the run diverged) stops the step after 2, with θ untouched; the
// caller then hands the DivergenceGuard back the last finite step's weights and stops
// (divergence_guard.hpp). Everything else a trainer does (shuffling, batches, the learning-rate
// schedule, progress bars, resuming) happens around this function: trainer.cpp,
// reconstruction_trainer.cpp.
#pragma once

#include <cmath>

#include "framework/optimizers/optimizer.hpp"
#include "framework/tensor.hpp"
#include "framework/training/divergence_guard.hpp"

namespace glassbox {

struct StepResult {
  float loss;             // L of the batch; not finite when the run diverged
  const Tensor& outputs;  // ŷ, valid until the model's next forward
};

// Model: forward(x) → ŷ, zero_gradients(), backward(∂L/∂ŷ), as Sequential has them.
// Loss: forward(ŷ, y) → L, backward() → ∂L/∂ŷ, as ClassificationLoss and MeanSquaredError have.
// `guard` holds the parameters θ that the optimizer updates.
template <typename Model, typename Loss, typename Targets>
StepResult training_step(Model& model, Loss& loss, Optimizer& optimizer, DivergenceGuard& guard,
                         const Tensor& x, const Targets& y) {
  const Tensor& outputs = model.forward(x);            // 1. ŷ = f(x; θ)
  const float value = loss.forward(outputs, y);        // 2. L = ℓ(ŷ, y)
  if (!std::isfinite(value)) return {value, outputs};  //    diverged: leave θ as it is
  guard.keep_weights();                                //    θ gave a finite L: keep a copy
  model.zero_gradients();                              //    gradients accumulate, so start at 0
  model.backward(loss.backward());                     // 3. g = ∂L/∂θ, last layer first
  optimizer.step(guard.parameters());                  // 4. θ ← θ − η·update(g)
  return {value, outputs};
}

}  // namespace glassbox
