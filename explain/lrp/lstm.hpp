// Relevance through an LSTM (framework/layers/lstm.hpp), after Arras et al. (2017), "Explaining
// recurrent neural network predictions in sentiment analysis"; docs/math/lrp.md eqs. (15)–(19).
//
// Relevance arrives on the hidden states the layer output (h_{T−1} for `last`, every h_t for
// `sequence`) and goes back one step at a time, against the reading order. At each step read:
//
//   h_t = o_t ⊙ tanh(c_t)            R(c_t) ← R(c_t) + R(h_t)                            (15)
//       the gate o_t is a weight and tanh passes relevance on: all of R(h_t) goes to c_t
//
//   c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t  a sum of two terms, split by the ε-rule:               (16)
//       R(c_{t−1}) = f_t c_{t−1} / (c_t + ε·sign c_t) · R(c_t)
//       R(g_t)     = i_t g_t     / (c_t + ε·sign c_t) · R(c_t)
//       "signal-take-all": the product i_t g_t goes wholly to the signal g_t, the gate gets nothing
//
//   g_t = tanh(z_t)                  R(z_t) = R(g_t)                                       (17)
//
//   z_t = W_g x_t + U_g h_{t−1} + b_g, split by the ε-rule (z_k + ε·sign z_k below):         (18)
//       R(x_t,e)     = Σ_k x_t,e W_g,ke / (z_k + ε·sign z_k) · R(g_t,k)
//       R(h_{t−1},j) = Σ_k h_{t−1},j U_g,kj / (z_k + ε·sign z_k) · R(g_t,k)
//       with `with_bias` false the bias is left out of z (ρ(b) = 0), as for a Dense layer
//
//   i_t, f_t, o_t                    are weights: nothing passes through the gates' own
//                                    pre-activations
//
// At a padding step (x_t = 0, state carried over) R(h_t) and R(c_t) go unchanged to the previous
// step's h and c (19). sign(0) = +1; a denominator of exactly 0 (ε = 0) passes nothing on.
//
// What can stay behind: the bias's share b_k / (z_k + ε·sign) · R(g_t,k) in (18), the ε shares
// of (16) and (18), and what reaches the initial state h_{−1} = c_{−1} = 0 — nothing, since both
// shares that would go there, f c_{−1} and h_{−1} U, are 0. With ε = 0 and no bias, Σ over the
// inputs equals Σ over the outputs (docs/math/lrp.md, "LSTM").
//
// Rule choice: every composite gets LRP-ε inside an LSTM, the rule Arras et al. use, with the ε
// lstm_epsilon picks (LRP-0 when it is 0). Only (18) has weights; the cell's sum (16) needs ε
// anyway, and x and h take either sign, which z⁺ and zᴮ do not expect (docs/math/lrp.md, "LSTM").
//
// Shapes: x = layer.input() N×E×T, R(output) N×H (`last`) or N×H×T (`sequence`), R(x) N×E×T
// (N documents, E input dimensions, T steps, H hidden units).
#pragma once

#include "explain/lrp/composite.hpp"
#include "framework/layers/lstm.hpp"

namespace glassbox::explain {

struct LstmRelevance {
  Tensor input;  // N×E×T, R(x_t,e)
  // N: R(h_{−1}) + R(c_{−1}), what reached the initial state. 0 by (16) and (18), but kept so that
  // tests can see every place relevance can go.
  std::vector<double> initial_state;
};

// Eqs. (15)–(19) on the layer's last forward batch (its gates, cells, hidden states and padding).
// `relevance` has the shape of the layer's output; ArgumentError otherwise.
LstmRelevance lstm_relevance(const Lstm& layer, const Tensor& relevance, float epsilon,
                             bool with_bias);

// The ε of LRP-ε inside the LSTM at position `layer` of `model`:
//   - the composite's rule for that layer, when an entry selects it (by position or by type
//     "LSTM"): its ε if it is LRP-ε or LRP-0 (0); any other rule is an ArgumentError;
//   - else the ε of the composite's first LRP-ε or LRP-0 entry (the "lrp-0" preset: 0, LRP-0;
//     "epsilon": its ε; "epsilon-plus-zbox": the dense layers' ε);
//   - else (γ, αβ, deep Taylor) the default RuleSettings::epsilon, 0.25.
float lstm_epsilon(const Composite& composite, const Sequential& model, std::size_t layer);

}  // namespace glassbox::explain
