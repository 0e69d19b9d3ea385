// The core of layer-wise relevance propagation: one rule, one linear layer, four steps
// (docs/math/lrp.md eq. 3):
//
//   1. z = ρ(W)·a + ρ(b)            forward pass with the rule's modified parameters
//   2. s = R ⊘ (z + ε·sign(z))      relevance per unit of z, stabilised; sign(0) = +1
//   3. c = ρ(W)ᵀ·s                  backward pass: the gradient of s·z with respect to a
//   4. R_in = a ⊙ c                 each input's share: a_i Σ_j ρ(w_ij) s_j
//
// Together: R_i = Σ_j a_i ρ(w_ij) / (Σ_i a_i ρ(w_ij) + ρ(b_j) + ε·sign) · R_j   (eq. 2).
//
// Steps 1 and 3 run the layer's own free functions (linear_layer.hpp), so one core serves dense and
// convolutional layers alike. A rule (rules/*.hpp) supplies only ρ for weights, ρ for biases and ε.
// Rules whose contribution a_i ρ(w_ij) is a sum of several terms (zᴮ, and z⁺ on inputs of either
// sign) run steps 1, 3 and 4 once per term around one step 2 (propagate_terms); αβ combines two
// such rules in one line; rules that ignore the activations (w², flat) call the core with a = 1.
//
// Shapes: a and R_in N×D or N×C×H×W; z, s and R N×K or N×F×OH×OW (N samples, D inputs,
// K outputs, C channels, F filters, H×W pixels, OH×OW output pixels).
#pragma once

#include <utility>
#include <vector>

#include "explain/lrp/linear_layer.hpp"

namespace glassbox::explain {

// ρ(W) and ρ(b): a layer's parameters with the rule's modifier applied to every entry.
struct ModifiedParameters {
  Tensor weight;
  Tensor bias;
  bool unchanged = false;  // ρ left every entry as it was (LRP-0 and ε, with the biases)
};

// `with_bias` false: ρ(b) = 0, so the bias takes no relevance (relevance is then conserved when
// nothing else absorbs it, docs/math/lrp.md "Conservation").
template <class Rule>
ModifiedParameters modify(const LinearLayer& layer, const Rule& rule, bool with_bias) {
  ModifiedParameters modified{layer.weight(), layer.bias()};
  for (float& w : modified.weight.storage()) w = rule.weight(w);
  for (float& b : modified.bias.storage()) b = with_bias ? rule.bias(b) : 0.0f;
  modified.unchanged = modified.weight == layer.weight() && modified.bias == layer.bias();
  return modified;
}

// Step 1 without the stabiliser: z = ρ(W)·a + ρ(b). When ρ changed nothing and a is what the
// layer's forward pass read, z is the one that pass computed, taken as is: no second product, and
// LRP-0 divides by exactly the z the gradient passed through (LRP-0 = gradient × input, eq. 4).
Tensor modified_forward(const LinearLayer& layer, const ModifiedParameters& modified,
                        const Tensor& activation);

// Step 1 for the rules that ignore the activations (w², flat): z = ρ(W)·1 + ρ(b) for a batch shaped
// like `activation`. It is the same for every sample, so it is computed for one and copied.
Tensor modified_forward_of_ones(const LinearLayer& layer, const ModifiedParameters& modified,
                                const Tensor& activation);

// Step 2: s = R ⊘ (z + ε·sign(z)) with sign(0) = +1. Where the stabilised z is exactly 0 (only
// possible with ε = 0) the output passes on nothing: s = 0 there, rather than 0/0. z is taken by
// value and s written into its memory: a caller done with z moves it in, and no batch-sized tensor
// is allocated.
Tensor stabilized_divide(const Tensor& relevance, Tensor output, float epsilon);

// Step 3: c = ρ(W)ᵀ·s.
Tensor modified_backward(const LinearLayer& layer, const ModifiedParameters& modified,
                         const Tensor& ratio);

// values ⊙= factors, entry by entry (the same shape): step 4 without a new tensor.
void multiply_in_place(Tensor& values, const Tensor& factors);

// All four steps for a rule that is one term: R_in = a ⊙ ρ(W)ᵀ(R ⊘ (ρ(W)a + ρ(b) + ε·sign)).
template <class Rule>
Tensor propagate(const LinearLayer& layer, const Tensor& activation, const Tensor& relevance,
                 const Rule& rule, bool with_bias) {
  const ModifiedParameters modified = modify(layer, rule, with_bias);
  Tensor output = modified_forward(layer, modified, activation);  // 1. z = ρ(W)a + ρ(b)
  const Tensor ratio =
      stabilized_divide(relevance, std::move(output), rule.epsilon);  // 2. s = R ⊘ z
  Tensor gradient = modified_backward(layer, modified, ratio);        // 3. c = ρ(W)ᵀ s
  multiply_in_place(gradient, activation);  // 4. R_in = a ⊙ c, in c's memory
  return gradient;
}

// One term a_t ρ_t(w_ij) of a contribution made of several. It refers to its tensors, which must
// outlive the call (temporaries made in the call's own expression do).
struct Term {
  const Tensor& activation;  // a_t, the shape of a
  const Tensor& weight;      // ρ_t(W), the shape of W
};

// The four steps for a contribution q_ij = Σ_t a_t,i ρ_t(w_ij) with one denominator (eq. 3'):
//
//   1.    z    = Σ_t ρ_t(W)·a_t + ρ(b)
//   2.    s    = R ⊘ (z + ε·sign(z))
//   3–4.  R_in = Σ_t a_t ⊙ ρ_t(W)ᵀ·s
//
// A term whose a_t is 0 everywhere adds nothing to z or to R_in and is skipped (after the first).
Tensor propagate_terms(const LinearLayer& layer, const std::vector<Term>& terms, const Tensor& bias,
                       const Tensor& relevance, float epsilon);

// x⁺ = max(0, x) and x⁻ = min(0, x), entry by entry; x = x⁺ + x⁻.
Tensor positive_part(const Tensor& values);
Tensor negative_part(const Tensor& values);
// Whether every entry is ≥ 0 (then x⁺ = x and x⁻ = 0).
bool nonnegative(const Tensor& values);

}  // namespace glassbox::explain
