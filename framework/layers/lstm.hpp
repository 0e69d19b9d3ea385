// Long short-term memory (Hochreiter & Schmidhuber 1997; the forget gate of Gers et al. 2000),
// reading a sequence one step at a time (docs/math/lstm.md, eqs. 1–5):
//
//   i_t = σ(W_i x_t + U_i h_{t−1} + b_i)        input gate
//   f_t = σ(W_f x_t + U_f h_{t−1} + b_f)        forget gate
//   o_t = σ(W_o x_t + U_o h_{t−1} + b_o)        output gate
//   g_t = tanh(W_g x_t + U_g h_{t−1} + b_g)     cell candidate
//   c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t             cell state
//   h_t = o_t ⊙ tanh(c_t)                       hidden state
//
// from h_{−1} = c_{−1} = 0, for t = 0 … T−1 (or T−1 … 0 when reading backwards, `reverse`).
//
// Padding (eq. 6): a step whose input vector x_t is 0 in every entry — what Embedding writes for
// the padding id — leaves the state as it was: h_t = h_{t−1}, c_t = c_{t−1}. Documents shorter than
// T are padded at the end, so the last state of a document is the state after its last word, and
// reading backwards starts at its last word.
//
// Output: `last` gives y = h_{T−1} (N×H; with `reverse`, the state after reading back to t = 0);
// `sequence` gives every state, y[n][k][t] = h_t[n][k] (N×H×T, channels first like Conv1d's output,
// so MaxOverTime can follow). Two layers reading in opposite directions inside a Parallel make a
// bidirectional LSTM.
//
// Parameters, with the four blocks of 4H rows in the order i, f, o, g:
//   W  4H×E   input weights        (W_i rows 0 … H−1, W_f rows H … 2H−1, …)
//   U  4H×H   recurrent weights
//   b  4H     biases
// Each step computes all four pre-activations of the batch as one product,
//   z_t = x_t·Wᵀ + h_{t−1}·Uᵀ + b      (N×4H)
// and backward runs back through time (BPTT, eqs. 7–15) with the same products transposed.
//
// Shapes: x N×E×T (N documents, E input dimensions, T steps), H hidden units.
#pragma once

#include <vector>

#include "framework/layers/layer.hpp"
#include "framework/random.hpp"

namespace glassbox {

enum class LstmOutput { last, sequence };

class Lstm : public Layer {
 public:
  // E inputs → H hidden units. Initialisation: every weight uniform in [−1/√H, 1/√H] as in
  // PyTorch's nn.LSTM, biases 0 except the forget gate's, 1 (so that early in training the cell
  // keeps what it holds). Throws ArgumentError when a size is 0.
  Lstm(std::size_t input_size, std::size_t hidden_size, LstmOutput output, bool reverse, Rng& rng);

  std::string type() const override { return "LSTM"; }
  const Tensor& forward(const Tensor& input) override;
  // Backpropagation through time. Skips dx (returns an empty tensor) when the input gradient is
  // switched off.
  const Tensor& backward(const Tensor& output_gradient) override;
  // [E, T] → [H] (last) or [H, T] (sequence); ArgumentError for any other input.
  Shape output_shape(const Shape& input_shape) const override;
  // {"input_size", "hidden_size", "output": "last"|"sequence", "reverse": bool}
  nlohmann::json config() const override;
  // "input_weight" (W), "recurrent_weight" (U), "bias" (b).
  std::vector<Parameter> parameters() override;

  std::size_t input_size() const { return input_weight_.shape(1); }       // E
  std::size_t hidden_size() const { return recurrent_weight_.shape(1); }  // H
  LstmOutput output_kind() const { return output_kind_; }
  bool reverse() const { return reverse_; }
  const Tensor& input_weight() const { return input_weight_; }          // W, 4H×E
  const Tensor& recurrent_weight() const { return recurrent_weight_; }  // U, 4H×H
  const Tensor& bias() const { return bias_; }                          // b, 4H

  // What the last forward batch computed, step by step, for explanation methods and tests. Steps
  // are indexed by position t in the sequence (not by reading order), so with `reverse` the state
  // before step t is that of step t + 1.
  const Tensor& gates() const { return gates_; }    // T×N×4H: i_t, f_t, o_t, g_t (activated)
  const Tensor& cells() const { return cells_; }    // T×N×H: c_t
  const Tensor& hidden() const { return hidden_; }  // T×N×H: h_t
  // T×N: 1 where x_t was all zero and the state was carried over unchanged, 0 where it was read.
  // The gates of a carried step are stored as 0 (they were never applied).
  const std::vector<unsigned char>& padding() const { return padding_; }

 private:
  LstmOutput output_kind_;  // not output_: that is Layer's output tensor
  bool reverse_;
  Tensor input_weight_, recurrent_weight_, bias_;
  Tensor input_weight_gradient_, recurrent_weight_gradient_, bias_gradient_;
  Tensor gates_, cells_, hidden_;
  std::vector<unsigned char> padding_;
  Tensor cell_tanh_;  // tanh(c_t), T×N×H, for backward
  // Workspaces: x as T×N×E rows (kept for dW), dz T×N×4H, dh and dc N×H, dx as T×N×E rows.
  Tensor steps_, gate_gradients_, hidden_gradient_, cell_gradient_, step_gradients_;
};

}  // namespace glassbox
