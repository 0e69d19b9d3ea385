// z⁺-rule, docs/math/lrp.md eq. (7): only positive weights carry relevance.
//
//   R_i = Σ_j a_i w_ij⁺ / Σ_i a_i w_ij⁺ · R_j,      w⁺ = max(0, w)
//
// For inputs a ≥ 0 (ReLU outputs) a_i w_ij⁺ is exactly the positive part of the contribution
// a_i w_ij, so z⁺ = LRP-α1β0 (eq. 8) and the deep Taylor rule for ReLU inputs. With biases, only
// their positive part b⁺ takes relevance.
// Shapes: those of the layer it is applied to (propagate.hpp).
#pragma once

#include <algorithm>

namespace glassbox::explain {

struct ZPlusRule {
  float epsilon = 1e-9f;  // stabiliser only: keeps z away from zero
  float weight(float w) const { return std::max(w, 0.0f); }
  float bias(float b) const { return std::max(b, 0.0f); }
};

}  // namespace glassbox::explain
