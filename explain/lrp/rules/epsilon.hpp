// LRP-ε, docs/math/lrp.md eq. (5): LRP-0 with ε added to the size of every denominator.
//
//   R_i = Σ_j a_i w_ij / (Σ_i a_i w_ij + b_j + ε·sign(z_j)) · R_j
//
// The ε absorbs some relevance of outputs whose z_j is small compared to ε: weak or contradictory
// contributions are explained less, which gives sparser, less noisy explanations. ε is in the
// units of z.
// Shapes: those of the layer it is applied to (propagate.hpp).
#pragma once

namespace glassbox::explain {

struct EpsilonRule {
  float epsilon = 0.25f;
  float weight(float w) const { return w; }
  float bias(float b) const { return b; }
};

}  // namespace glassbox::explain
