// w²-rule, docs/math/lrp.md eq. (10): for an input layer whose inputs are real-valued and
// unbounded, relevance is shared by squared weights, whatever the input values:
//
//   R_i = Σ_j w_ij² / Σ_i w_ij² · R_j
//
// That is the core (propagate.hpp) with ρ(w) = w² applied to activations of 1. Eq. (10) has no
// bias term, so biases never take relevance here.
// Shapes: those of the layer it is applied to (propagate.hpp).
#pragma once

#include <utility>

#include "explain/lrp/propagate.hpp"

namespace glassbox::explain {

struct WSquareRule {
  float epsilon = 1e-9f;  // stabiliser only: Σ w² is 0 only for an all-zero filter
  float weight(float w) const { return w * w; }
  float bias(float /*b*/) const { return 0.0f; }
};

inline Tensor propagate(const LinearLayer& layer, const Tensor& activation, const Tensor& relevance,
                        const WSquareRule& rule, bool /*with_bias*/) {
  const ModifiedParameters modified = modify(layer, rule, false);
  Tensor output = modified_forward_of_ones(layer, modified, activation);  // z_j = Σ_i w_ij²
  const Tensor ratio =
      stabilized_divide(relevance, std::move(output), rule.epsilon);  // s_j = R_j / z_j
  return modified_backward(layer, modified, ratio);                   // R_i = 1 · Σ_j w_ij² s_j
}

}  // namespace glassbox::explain
