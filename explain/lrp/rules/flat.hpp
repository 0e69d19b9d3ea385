// Flat rule, docs/math/lrp.md eq. (11): every input connected to output j gets an equal share,
// as if all weights and activations were 1.
//
//   R_i = Σ_j 1 / Σ_i 1 · R_j      (Σ_i over the inputs connected to j)
//
// The core (propagate.hpp) with ρ(w) = 1 applied to activations of 1. For a convolution the
// inputs in the zero padding are not connected, so border outputs share among fewer inputs.
// No bias term, so biases never take relevance here.
// Shapes: those of the layer it is applied to (propagate.hpp).
#pragma once

#include <utility>

#include "explain/lrp/propagate.hpp"

namespace glassbox::explain {

struct FlatRule {
  float epsilon = 1e-9f;  // stabiliser only: Σ_i 1 ≥ 1
  float weight(float /*w*/) const { return 1.0f; }
  float bias(float /*b*/) const { return 0.0f; }
};

inline Tensor propagate(const LinearLayer& layer, const Tensor& activation, const Tensor& relevance,
                        const FlatRule& rule, bool /*with_bias*/) {
  const ModifiedParameters modified = modify(layer, rule, false);
  Tensor output = modified_forward_of_ones(layer, modified, activation);  // z_j = Σ_i 1
  const Tensor ratio =
      stabilized_divide(relevance, std::move(output), rule.epsilon);  // s_j = R_j / z_j
  return modified_backward(layer, modified, ratio);                   // R_i = Σ_j s_j
}

}  // namespace glassbox::explain
