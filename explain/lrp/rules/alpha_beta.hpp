// LRP-αβ, docs/math/lrp.md eq. (8): positive and negative contributions are redistributed
// separately, each in proportion to its own total, and then combined:
//
//   R_i = Σ_j ( α · (a_i w_ij)⁺ / Σ_i (a_i w_ij)⁺  −  β · (a_i w_ij)⁻ / Σ_i (a_i w_ij)⁻ ) · R_j
//
// The positive part is the z⁺-rule (z_plus.hpp), the negative part the z⁻-rule (z_minus.hpp);
// both split each contribution by sign correctly for inputs of either sign, and for a ≥ 0 they are
// a_i w_ij⁺ and a_i w_ij⁻.
// Convention: α − β = 1 (α1β0, α2β1), which makes the two parts together conserve relevance.
// Some older toolboxes write α + β = 1 instead, with β ≤ 0 (their "α2β−1" is our α2β1); such
// values are rejected here rather than silently read the other way.
// Shapes: those of the layer it is applied to (propagate.hpp).
#pragma once

#include <cmath>
#include <string>

#include "explain/lrp/propagate.hpp"
#include "explain/lrp/rules/z_minus.hpp"
#include "explain/lrp/rules/z_plus.hpp"
#include "framework/errors.hpp"

namespace glassbox::explain {

struct AlphaBetaRule {
  float alpha = 1.0f;
  float beta = 0.0f;
  float epsilon = 1e-9f;  // stabiliser only, for both parts
};

// Two rules, one per part, each with its own denominator.
inline Tensor propagate(const LinearLayer& layer, const Tensor& activation, const Tensor& relevance,
                        const AlphaBetaRule& rule, bool with_bias) {
  if (std::abs(rule.alpha - rule.beta - 1.0f) > 1e-6f) {
    throw ArgumentError("LRP-alpha-beta needs alpha - beta = 1, got alpha = " +
                        std::to_string(rule.alpha) + ", beta = " + std::to_string(rule.beta) +
                        " (the alpha + beta = 1 convention of older toolboxes is not used here)");
  }
  const Tensor positive =
      propagate(layer, activation, relevance, ZPlusRule{rule.epsilon}, with_bias);
  if (rule.beta == 0.0f) return rule.alpha * positive;  // α1β0: no negative part to compute
  const Tensor negative =
      propagate(layer, activation, relevance, ZMinusRule{rule.epsilon}, with_bias);
  return rule.alpha * positive - rule.beta * negative;  // eq. (8)
}

}  // namespace glassbox::explain
