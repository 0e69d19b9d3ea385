// z⁻-rule, the negative part of LRP-αβ (docs/math/lrp.md eq. 8): only the negative part of each
// contribution carries relevance.
//
//   R_i = Σ_j (a_i w_ij)⁻ / (Σ_i (a_i w_ij)⁻ + b_j⁻) · R_j,      (a w)⁻ = a⁺w⁻ + a⁻w⁺
//
// with x⁺ = max(0, x) and x⁻ = min(0, x). The mirror image of z⁺ (z_plus.hpp): two terms, one
// denominator, and for inputs a ≥ 0 only a_i w_ij⁻ is left. With biases, only b⁻ takes relevance.
// Shapes: those of the layer it is applied to (propagate.hpp).
#pragma once

#include <xtensor/xbuilder.hpp>

#include "explain/lrp/propagate.hpp"

namespace glassbox::explain {

struct ZMinusRule {
  float epsilon = 1e-9f;  // stabiliser only: keeps z away from zero
};

inline Tensor propagate(const LinearLayer& layer, const Tensor& activation, const Tensor& relevance,
                        const ZMinusRule& rule, bool with_bias) {
  const Tensor& w = layer.weight();
  const Tensor bias = with_bias ? negative_part(layer.bias()) : xt::zeros_like(layer.bias());  // b⁻
  if (nonnegative(activation)) {  // a⁺ = a, a⁻ = 0
    return propagate_terms(layer, {{activation, negative_part(w)}}, bias, relevance, rule.epsilon);
  }
  return propagate_terms(layer,
                         {{positive_part(activation), negative_part(w)},   // a⁺ w⁻
                          {negative_part(activation), positive_part(w)}},  // a⁻ w⁺
                         bias, relevance, rule.epsilon);
}

}  // namespace glassbox::explain
