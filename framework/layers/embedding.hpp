// Embedding: each token id becomes a learned vector of E numbers, a row of a table trained from
// scratch with the rest of the model.
//
//   y[n][e][t] = table[x[n][t]][e]      for a token id x[n][t] ≠ 0
//   y[n][e][t] = 0                      for x[n][t] = 0 (padding)
//
// Shapes: x N×T token ids, table R×E, y N×E×T  (N documents, T positions, R ids, E dimensions).
// The output is channels first: Conv1d reads it as N×C×L with C = E channels and L = T positions,
// the layout PyTorch's Conv1d takes.
//
// Ids are whole numbers stored as floats (layers pass each other float Tensors; exact up to 2^24)
// and follow datasets/newsgroups/features.hpp: 0 = padding, 1 = a word outside the vocabulary,
// i + 2 = vocabulary word i, so R = V + 2 for V words. Padding gives the zero vector whatever
// row 0 of the table holds, and row 0 never gets a gradient, so it is never trained (it starts at
// zero and stays there). Id 1 is an ordinary trained row, shared by every unknown word.
//
// Backward:  dtable[i][e] += Σ_{(n,t): x[n][t] = i} dy[n][e][t]   for every id i ≠ 0.
// The input gradient is zeros: ids are names of words, not quantities, so the loss has no
// derivative with respect to them. (The gradient with respect to the embedded vectors, which
// explanation methods want, is dy itself: the input gradient of the next layer.)
//
// Initialisation: every entry N(0, 1), as in PyTorch's nn.Embedding; row 0 is zero.
#pragma once

#include "framework/layers/layer.hpp"
#include "framework/random.hpp"

namespace glassbox {

class Embedding : public Layer {
 public:
  // A table of `vocabulary_size` ids (R, padding and unknown included) × `dimensions` (E).
  // Throws ArgumentError when either is 0, or when R < 2 (there must be a row besides padding).
  Embedding(std::size_t vocabulary_size, std::size_t dimensions, Rng& rng);

  std::string type() const override { return "Embedding"; }
  // Throws ArgumentError naming the position of an id that is not a whole number in [0, R).
  const Tensor& forward(const Tensor& input) override;
  // Adds into the table gradient; returns N×T zeros, or an empty tensor when the input gradient is
  // switched off.
  const Tensor& backward(const Tensor& output_gradient) override;
  // [T] → [E, T]
  Shape output_shape(const Shape& input_shape) const override;
  // {"vocabulary_size", "dimensions"}
  nlohmann::json config() const override;
  std::vector<Parameter> parameters() override;

  std::size_t vocabulary_size() const { return table_.shape(0); }  // R
  std::size_t dimensions() const { return table_.shape(1); }       // E
  const Tensor& table() const { return table_; }                   // R×E

 private:
  Tensor table_, table_gradient_;
};

}  // namespace glassbox
