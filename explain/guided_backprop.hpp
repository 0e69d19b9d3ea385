// Guided backpropagation (Springenberg et al. 2015) and the deconvnet (Zeiler & Fergus 2014):
// the gradient's backward pass with another rule at every ReLU, docs/math/explanations.md
// eqs. (14)–(15). With x the ReLU's input and g the signal arriving at its output:
//
//   gradient:         g_in = g · 1[x > 0]             (the chain rule)
//   deconvnet:        g_in = max(g, 0)                 (the sign of g, not of x, decides)  (14)
//   guided backprop:  g_in = max(g, 0) · 1[x > 0]      (both must be positive)            (15)
//
// Every other layer (Dense, Conv2d, pooling, Flatten) passes the signal back with its own
// backward, so the pooling switches and the weights are the gradient's. The relevance is the
// signal at the input, R_i = g_in,i: signed, and not a decomposition (Σ R has no meaning).
// Models that start with an Embedding are refused: token ids have no input signal.
//
// Shapes: input N×(sample shape); relevance the same; targets N.
#pragma once

#include "explain/explanation.hpp"
#include "framework/sequential.hpp"

namespace glassbox::explain {

enum class ReluRule { gradient, deconvnet, guided };

// The signal the backward pass with `rule` at every ReLU brings back to the input. `targets`
// empty: the predicted classes.
Explanation relu_rule_backward(Sequential& model, const Tensor& input, ReluRule rule,
                               const Labels& targets = {});

inline Explanation guided_backprop(Sequential& model, const Tensor& input,
                                   const Labels& targets = {}) {
  return relu_rule_backward(model, input, ReluRule::guided, targets);
}

inline Explanation deconvnet(Sequential& model, const Tensor& input, const Labels& targets = {}) {
  return relu_rule_backward(model, input, ReluRule::deconvnet, targets);
}

}  // namespace glassbox::explain
