#include "explain/taylor.hpp"

#include <xtensor/xbroadcast.hpp>

#include "explain/embedded_input.hpp"
#include "explain/gradient.hpp"
#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"

namespace glassbox::explain {

Explanation simple_taylor(Sequential& model, const Tensor& input, const Labels& targets) {
  if (starts_with_embedding(model)) {  // root point: the zero vector, padding's embedding
    LogitGradient gradient = logit_gradient(model, input, targets, 1);
    Tensor relevance = word_relevance(model.layer(1).input() * gradient.gradient);
    return {std::move(relevance), std::move(gradient.targets), std::move(gradient.outputs)};
  }
  LogitGradient gradient = logit_gradient(model, input, targets);
  Tensor relevance = input * gradient.gradient;  // eq. (4)
  return {std::move(relevance), std::move(gradient.targets), std::move(gradient.outputs)};
}

TaylorExplanation taylor_decomposition(Sequential& model, const Tensor& input, const Tensor& root,
                                       const Labels& targets) {
  if (starts_with_embedding(model)) {
    throw ArgumentError(
        "a Taylor root point must be an input, and token ids have none: use simple Taylor "
        "decomposition, whose root is the zero embedding vector");
  }
  const Shape input_shape(input.shape().begin(), input.shape().end());
  const Shape root_shape(root.shape().begin(), root.shape().end());
  const Shape sample_shape(input_shape.begin() + (input_shape.empty() ? 0 : 1), input_shape.end());
  if (root_shape != input_shape && root_shape != sample_shape) {
    throw ArgumentError("the Taylor root point " + shape_to_string(root_shape) +
                        " has neither the input's shape " + shape_to_string(input_shape) +
                        " nor one sample's " + shape_to_string(sample_shape));
  }
  const Tensor roots = xt::broadcast(root, input.shape());

  // The classes to explain are those of x; the gradient is then taken at x̃ for those classes.
  model.set_training(false);
  const Tensor& logits = model.forward(input);
  const Labels classes = choose_targets(logits, targets);
  std::vector<float> outputs;
  for (std::size_t n = 0; n < classes.size(); ++n) {
    outputs.push_back(logits(n, static_cast<std::size_t>(classes[n])));
  }
  LogitGradient at_root = logit_gradient(model, roots, classes);

  TaylorExplanation result;
  result.relevance = (input - roots) * at_root.gradient;  // eq. (3)
  result.targets = classes;
  result.outputs = std::move(outputs);
  result.root_outputs = std::move(at_root.outputs);
  return result;
}

}  // namespace glassbox::explain
