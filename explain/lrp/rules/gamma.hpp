// LRP-γ, docs/math/lrp.md eq. (6): favour positive contributions by γ.
//
//   R_i = Σ_j a_i (w_ij + γ w_ij⁺) / Σ_i a_i (w_ij + γ w_ij⁺) · R_j
//
// γ = 0 is LRP-0; γ → ∞ tends to z⁺ (eq. 7). Meant for inputs a ≥ 0 (ReLU outputs).
// Shapes: those of the layer it is applied to (propagate.hpp).
#pragma once

#include <algorithm>

namespace glassbox::explain {

struct GammaRule {
  float gamma = 0.25f;
  float epsilon = 1e-9f;  // stabiliser only: keeps z away from zero
  float weight(float w) const { return w + gamma * std::max(w, 0.0f); }
  float bias(float b) const { return b + gamma * std::max(b, 0.0f); }
};

}  // namespace glassbox::explain
