#include "explain/sensitivity.hpp"

#include "explain/embedded_input.hpp"
#include "explain/gradient.hpp"

namespace glassbox::explain {

Explanation sensitivity(Sequential& model, const Tensor& input, const Labels& targets) {
  if (starts_with_embedding(model)) {  // with respect to the embedded vectors, summed per token
    LogitGradient gradient = logit_gradient(model, input, targets, 1);
    Tensor relevance = word_relevance(gradient.gradient * gradient.gradient);
    return {std::move(relevance), std::move(gradient.targets), std::move(gradient.outputs)};
  }
  LogitGradient gradient = logit_gradient(model, input, targets);
  Tensor relevance = gradient.gradient * gradient.gradient;  // eq. (1)
  return {std::move(relevance), std::move(gradient.targets), std::move(gradient.outputs)};
}

}  // namespace glassbox::explain
