// z⁺-rule, docs/math/lrp.md eq. (7): only the positive part of each contribution carries relevance.
//
//   R_i = Σ_j (a_i w_ij)⁺ / (Σ_i (a_i w_ij)⁺ + b_j⁺) · R_j,      (a w)⁺ = a⁺w⁺ + a⁻w⁻
//
// with x⁺ = max(0, x) and x⁻ = min(0, x): a negative input on a negative weight contributes
// positively too. Two terms, one denominator (propagate_terms). For inputs a ≥ 0 (ReLU outputs,
// pixels in [0, 1]) the a⁻ term is 0 and left out, leaving the familiar a_i w_ij⁺: the deep Taylor
// rule for ReLU inputs. z⁺ is LRP-α1β0 (eq. 8) for inputs of either sign. With biases, only their
// positive part b⁺ takes relevance.
// Shapes: those of the layer it is applied to (propagate.hpp).
#pragma once

#include <xtensor/xbuilder.hpp>

#include "explain/lrp/propagate.hpp"

namespace glassbox::explain {

struct ZPlusRule {
  float epsilon = 1e-9f;  // stabiliser only: keeps z away from zero
};

inline Tensor propagate(const LinearLayer& layer, const Tensor& activation, const Tensor& relevance,
                        const ZPlusRule& rule, bool with_bias) {
  const Tensor& w = layer.weight();
  const Tensor bias = with_bias ? positive_part(layer.bias()) : xt::zeros_like(layer.bias());  // b⁺
  if (nonnegative(activation)) {  // a⁺ = a, a⁻ = 0
    return propagate_terms(layer, {{activation, positive_part(w)}}, bias, relevance, rule.epsilon);
  }
  return propagate_terms(layer,
                         {{positive_part(activation), positive_part(w)},   // a⁺ w⁺
                          {negative_part(activation), negative_part(w)}},  // a⁻ w⁻
                         bias, relevance, rule.epsilon);
}

}  // namespace glassbox::explain
