// Sensitivity analysis, docs/math/explanations.md eq. (1):
//
//   R_i = (∂f_c/∂x_i)²
//
// Σ_i R_i = ‖∇f_c(x)‖²: this explains the local slope of the logit (which pixels would change it
// most), not the logit itself, so the relevance does not add up to f_c(x).
//
// A model that starts with an Embedding is explained on the embedded vectors y (the ids have no
// gradient): R_t = Σ_e (∂f_c/∂y_et)², one value per token (embedded_input.hpp).
//
// Shapes: input N×(sample shape); relevance the same shape; targets N.
#pragma once

#include "explain/explanation.hpp"
#include "framework/sequential.hpp"

namespace glassbox::explain {

// `targets`: the class to explain per sample; empty means the predicted class.
Explanation sensitivity(Sequential& model, const Tensor& input, const Labels& targets = {});

}  // namespace glassbox::explain
