#include "explain/smooth_grad.hpp"

#include <random>

#include <xtensor/xbuilder.hpp>

#include "explain/embedded_input.hpp"
#include "explain/gradient.hpp"
#include "framework/errors.hpp"
#include "framework/random.hpp"

namespace glassbox::explain {

Explanation smooth_grad(Sequential& model, const Tensor& input, const GradientMethod& method,
                        const SmoothGradOptions& options, const Labels& targets) {
  if (options.samples == 0 || !(options.noise >= 0.0f) || !(options.low <= options.high)) {
    throw ArgumentError("SmoothGrad needs at least 1 sample, a noise share ≥ 0 and low ≤ high");
  }
  if (starts_with_embedding(model)) {
    throw ArgumentError("SmoothGrad adds noise to the input, and token ids take none");
  }
  Explanation result = explained_logits(model, input, targets);

  Rng rng(options.seed);
  std::normal_distribution<float> noise(0.0f, 1.0f);
  const float sigma = options.noise * (options.high - options.low);
  Tensor total = xt::zeros<float>(input.shape());
  Tensor noisy = Tensor::from_shape(input.shape());
  for (std::size_t k = 0; k < options.samples; ++k) {
    for (std::size_t i = 0; i < input.size(); ++i) {
      noisy.data()[i] = input.data()[i] + sigma * noise(rng);
    }
    const Tensor map = method(model, noisy, result.targets).relevance;
    if (options.squared) {
      total += map * map;
    } else {
      total += map;
    }
  }
  result.relevance = total / static_cast<float>(options.samples);  // eq. (16)
  return result;
}

Explanation logit_gradient_map(Sequential& model, const Tensor& input, const Labels& targets) {
  LogitGradient gradient = logit_gradient(model, input, targets);
  return {std::move(gradient.gradient), std::move(gradient.targets), std::move(gradient.outputs)};
}

}  // namespace glassbox::explain
