// Layer-wise relevance propagation of a whole model (docs/math/lrp.md).
//
//   1. forward pass (evaluation mode), remembering every layer's input a
//   2. R at the output: f_c(x) at the target logit c, 0 at every other logit
//   3. from the last layer to the first, R_in = (the layer's treatment)(R):
//        Dense, Conv2d, Conv1d   the composite's rule (propagate.hpp, rules/, text_layers.hpp)
//        AvgPool2d               the composite's rule, else LRP-0: a linear layer with weights
//                                1/k² (eq. 13)
//        MaxPool2d               winner-take-all or proportional (max_pool.hpp, eq. 12)
//        MaxOverTime             winner-take-all (text_layers.hpp)
//        LSTM                    LRP-ε through time with the composite's ε (lstm.hpp)
//        ReLU, Tanh, Sigmoid,    unchanged: an elementwise layer gives each output's relevance
//        Dropout                 to its own input
//        Flatten                 reshaped back
//        Parallel                each branch takes its columns' relevance and runs step 3 on its
//                                own layers; the branches' input relevances are summed
//        Embedding               summed over the embedding dimensions: one relevance per token
//   4. R at the input: the explanation, Σ_i R_i ≈ f_c(x) (eq. 1)
//
// Shapes: input N×(sample shape) (N×T token ids for a model that starts with an Embedding);
// relevance the same shape; per-layer relevance the shape of that layer's input (N×D, N×C×H×W or
// N×C×L); targets and outputs N (N samples, K classes, L layers of the model; the layers inside
// a Parallel layer's branches are not listed separately).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "explain/explanation.hpp"
#include "explain/lrp/composite.hpp"
#include "explain/lrp/max_pool.hpp"
#include "framework/sequential.hpp"

namespace glassbox::explain {

struct LrpOptions {
  MaxPoolMode max_pool = MaxPoolMode::winner_take_all;
  // false: ρ(b) = 0 in every z, so no bias takes relevance. Relevance is then conserved, except
  // at outputs that were active through their bias alone: without it their z is 0, and their
  // relevance has no input to go to (docs/math/lrp.md, "When conservation holds").
  bool bias_takes_relevance = true;
  // When set, replaces the ε of every rule: the LRP-ε parameter and the stabiliser of the others.
  // 0 turns LRP-ε into LRP-0 and makes conservation checks exact.
  std::optional<float> epsilon;
  // Keep the relevance at every layer (LrpExplanation::layer_relevances).
  bool keep_layer_relevances = false;
};

// The conservation property (eq. 1) read off, sample by sample.
struct ConservationTable {
  // "Dense epsilon(0.25)", "ReLU", ... for layer l = 0 … L−1.
  std::vector<std::string> layers;
  // What can keep relevance at layer l under its treatment (what_absorbs, rule.hpp): "biases",
  // "epsilon", "z = 0 outputs", ...; empty for a layer that passes on all it gets.
  std::vector<std::string> kept_by;
  // totals[n][l]: Σ of sample n's relevance at the input of layer l; totals[n][L] is the sum at
  // the output, f_{c_n}(x_n).
  std::vector<std::vector<double>> totals;

  // What layer l kept for itself on sample n: totals[n][l + 1] − totals[n][l]. 0 for a layer that
  // conserves relevance; negative where it created relevance (a negative bias takes a negative
  // share, and its inputs get more than R_j).
  double absorbed(std::size_t sample, std::size_t layer) const;
  // A printable table for one sample: one row per layer, from the output down.
  std::string format(std::size_t sample) const;
};

struct LrpExplanation : Explanation {
  // When LrpOptions::keep_layer_relevances: [l] is the relevance at the input of layer l
  // (so [0] is `relevance`), [L] the relevance at the output.
  std::vector<Tensor> layer_relevances;
  ConservationTable conservation;
};

// `targets` empty: each sample's predicted class. Throws ArgumentError for a layer LRP has no
// treatment for, a Dense or Conv2d layer the composite gives no rule, or bad targets.
LrpExplanation lrp(Sequential& model, const Tensor& input, const Labels& targets,
                   const Composite& composite, const LrpOptions& options = {});

}  // namespace glassbox::explain
