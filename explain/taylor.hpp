// Taylor decomposition, docs/math/explanations.md eqs. (2)–(4).
//
// First-order Taylor expansion of the logit f_c around a root point x̃:
//
//   f(x) ≈ f(x̃) + Σ_i (x_i − x̃_i) · ∂f/∂x_i |_{x̃},   so   R_i = (x_i − x̃_i) · ∂f/∂x_i |_{x̃}   (eq.
//   3)
//
// and Σ_i R_i = f(x) − f(x̃) holds only to first order: the higher-order terms are lost. It is exact
// when f is linear between x̃ and x.
//
// Simple Taylor decomposition (eq. 4) takes the root point at 0 and the gradient at x:
//
//   R_i = x_i · ∂f/∂x_i |_x
//
// For a ReLU network without biases f(t·x) = t·f(x) for t > 0: f is linear along the ray from 0
// to x and its gradient is the same everywhere on it, so this is eq. (3) with x̃ → 0 and
// Σ_i R_i = f(x) exactly. With biases it is gradient × input, nothing more.
//
// A model that starts with an Embedding is explained on the embedded vectors y with the root at
// y = 0 (the padding vector): R_t = Σ_e y_et · ∂f_c/∂y_et, one value per token
// (embedded_input.hpp). The general decomposition refuses such models: ids have no root point.
//
// Shapes: input and root N×(sample shape) (a root of one sample's shape is used for every sample);
// relevance the same shape as the input; targets N.
#pragma once

#include <vector>

#include "explain/explanation.hpp"
#include "framework/sequential.hpp"

namespace glassbox::explain {

// R_i = x_i · ∂f_c/∂x_i at x (eq. 4). `targets` empty: the predicted classes.
Explanation simple_taylor(Sequential& model, const Tensor& input, const Labels& targets = {});

struct TaylorExplanation : Explanation {
  // f_{c_n}(x̃_n): with `outputs` (= f(x)), Σ R − (f(x) − f(x̃)) is the part the first-order
  // expansion misses.
  std::vector<float> root_outputs;
};

// R_i = (x_i − x̃_i) · ∂f_c/∂x_i at x̃ (eq. 3). The targets default to the classes predicted for
// the input x (not for the root). Throws ArgumentError when the root has neither the input's shape
// nor one sample's shape.
TaylorExplanation taylor_decomposition(Sequential& model, const Tensor& input, const Tensor& root,
                                       const Labels& targets = {});

}  // namespace glassbox::explain
