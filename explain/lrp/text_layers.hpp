// Relevance through the layers of a text CNN (docs/math/lrp.md, "Text"):
//
//   Embedding     R_t = Σ_e R[e][t]      a token's relevance is that of its embedded vector
//                                        (word_relevance, embedded_input.hpp)
//   Conv1d        the composite's rule, on the sequence seen as an image of height L and width 1,
//                 exactly as the layer computes itself (framework/layers/conv1d.hpp)
//   MaxOverTime   R[f][t] = R[f] at the winning position t of feature map f, 0 elsewhere: the
//                 gradient's routing, as winner-take-all max-pooling (max_pool.hpp)
//
// Parallel branches are handled by lrp.cpp, which splits the relevance by branch and recurses.
//
// Shapes: Embedding R N×E×T → N×T; Conv1d a N×C×L, R N×F×L' → N×C×L; MaxOverTime R N×F → N×F×L
// (N documents, E dimensions, T tokens, C channels, F filters, L positions).
#pragma once

#include "explain/embedded_input.hpp"
#include "explain/lrp/rule.hpp"
#include "framework/layers/conv1d.hpp"
#include "framework/layers/max_over_time.hpp"

namespace glassbox::explain {

// The rule applied to the layer's last forward batch.
Tensor conv1d_relevance(const Conv1d& layer, const Tensor& relevance, const Rule& rule,
                        bool with_bias);

Tensor max_over_time_relevance(const MaxOverTime& layer, const Tensor& relevance);

}  // namespace glassbox::explain
