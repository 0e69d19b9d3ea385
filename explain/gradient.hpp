// The gradient of one chosen logit per sample with respect to the input, ∂f_c/∂x, which the
// gradient-based explanations (sensitivity.hpp, taylor.hpp) are built on.
//
// The explained quantity is always the logit f_c(x), never the softmax probability: the softmax
// couples every class, so its gradient mixes in evidence for the other classes
// (docs/math/explanations.md, "What is explained").
//
// Shapes: input N×(sample shape); logits N×K; gradient the same shape as the input; targets N
// (N samples, K classes).
#pragma once

#include <functional>
#include <vector>

#include "explain/explanation.hpp"
#include "framework/sequential.hpp"

namespace glassbox::explain {

// The class to explain for each sample: `requested` when given (one per sample, each in [0, K)),
// else the predicted class, argmax_k logits[n][k] (the first one on ties). Throws ArgumentError
// when the logits are not N×K or a requested class is out of range.
Labels choose_targets(const Tensor& logits, const Labels& requested);

// The forward pass (in evaluation mode) that fixes what a method explains: `targets` filled by
// choose_targets and `outputs` with f_{c_n}(x_n); the relevance is left empty for the method.
Explanation explained_logits(Sequential& model, const Tensor& input, const Labels& requested);

struct LogitGradient {
  Tensor gradient;             // ∂f_{c_n}/∂x_n, same shape as the input
  Labels targets;              // c_n
  std::vector<float> outputs;  // f_{c_n}(x_n)
};

// One batched forward pass (in evaluation mode) and one backward pass from the one-hot output
// gradient e_{c_n}, which makes the backward pass return ∂f_{c_n}/∂x_n for every sample at once.
// The parameter gradients the model had accumulated are left as they were.
//
// `layer` > 0: the backward pass stops at layer `layer`, and `gradient` is taken with respect to
// that layer's input, model.layer(layer).input(), instead of the model's: for an Embedding model,
// layer 1 gives the gradient with respect to the embedded vectors (embedded_input.hpp).
LogitGradient logit_gradient(Sequential& model, const Tensor& input, const Labels& targets = {},
                             std::size_t layer = 0);

// A step of the backward pass done differently for some layers: given the layer (after its forward
// pass) and the gradient arriving at its output, it writes what goes back to the layer's input and
// returns true, or returns false to let the layer's own backward run. Guided backprop and
// deconvnet (guided_backprop.hpp) replace the ReLU layers' step this way.
using BackwardStep =
    std::function<bool(const Layer& layer, const Tensor& output_gradient, Tensor& input_gradient)>;

// logit_gradient with `step` tried first at every layer: the "gradient" it returns is then what
// the modified backward pass brings back to the input, no longer ∂f_c/∂x where `step` acted.
LogitGradient modified_logit_gradient(Sequential& model, const Tensor& input, const Labels& targets,
                                      const BackwardStep& step);

}  // namespace glassbox::explain
