#include "explain/sensitivity.hpp"

#include "explain/gradient.hpp"

namespace glassbox::explain {

Explanation sensitivity(Sequential& model, const Tensor& input, const Labels& targets) {
  LogitGradient gradient = logit_gradient(model, input, targets);
  Tensor relevance = gradient.gradient * gradient.gradient;  // eq. (1)
  return {std::move(relevance), std::move(gradient.targets), std::move(gradient.outputs)};
}

}  // namespace glassbox::explain
