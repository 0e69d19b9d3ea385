// Models that read token ids through an Embedding layer (the text CNN).
//
// Ids are names of words, not quantities: the model has no gradient with respect to them and no
// root point near them. Explanations therefore work on the embedded vectors, the Embedding's
// output y[n][e][t], and give each token the sum of its E dimensions' relevance:
//
//   R_t = Σ_e R[e][t]
//
// Shapes: per-dimension relevance N×E×T, word relevance N×T (N documents, E dimensions, T tokens).
#pragma once

#include "framework/sequential.hpp"

namespace glassbox::explain {

// Whether layer 0 is an Embedding and the model has a layer after it.
bool starts_with_embedding(const Sequential& model);

// Σ over the embedding dimensions: N×E×T → N×T. ArgumentError unless the input has 3 axes.
Tensor word_relevance(const Tensor& per_dimension);

}  // namespace glassbox::explain
