// LRP-0, docs/math/lrp.md eq. (4): each input gets the share it contributed to z_j.
//
//   R_i = Σ_j a_i w_ij / (Σ_i a_i w_ij + b_j) · R_j
//
// On a ReLU network this is gradient × input (with the biases taking their share).
// Shapes: those of the layer it is applied to (propagate.hpp).
#pragma once

namespace glassbox::explain {

struct LrpZeroRule {
  float epsilon = 0.0f;  // none: eq. (4) has no stabiliser (a z of exactly 0 passes on nothing)
  float weight(float w) const { return w; }
  float bias(float b) const { return b; }
};

}  // namespace glassbox::explain
