#include "explain/gradient.hpp"

#include <functional>
#include <string>

#include <xtensor/xbuilder.hpp>

#include "framework/errors.hpp"

namespace glassbox::explain {

Labels choose_targets(const Tensor& logits, const Labels& requested) {
  if (logits.dimension() != 2) {
    throw ArgumentError("explanations need a model whose output is N×K logits, got a " +
                        std::to_string(logits.dimension()) + "-D output");
  }
  const std::size_t samples = logits.shape(0), classes = logits.shape(1);
  if (requested.empty()) {
    Labels predicted(samples);
    for (std::size_t n = 0; n < samples; ++n) {
      const float* row = logits.data() + n * classes;
      std::size_t best = 0;
      for (std::size_t k = 1; k < classes; ++k) best = row[k] > row[best] ? k : best;
      predicted[n] = static_cast<int>(best);
    }
    return predicted;
  }
  if (requested.size() != samples) {
    throw ArgumentError("got " + std::to_string(requested.size()) + " target classes for " +
                        std::to_string(samples) + " samples");
  }
  for (std::size_t n = 0; n < samples; ++n) {
    if (requested[n] < 0 || static_cast<std::size_t>(requested[n]) >= classes) {
      throw ArgumentError("target class " + std::to_string(requested[n]) + " of sample " +
                          std::to_string(n) + " is not in [0, " + std::to_string(classes) + ")");
    }
  }
  return requested;
}

Explanation explained_logits(Sequential& model, const Tensor& input, const Labels& requested) {
  model.set_training(false);
  const Tensor& logits = model.forward(input);
  Explanation result;
  result.targets = choose_targets(logits, requested);
  for (std::size_t n = 0; n < result.targets.size(); ++n) {
    result.outputs.push_back(logits(n, static_cast<std::size_t>(result.targets[n])));
  }
  return result;
}

namespace {

// The forward pass, the targets and the one-hot output gradient e_c, then `backward` from it, with
// the model's parameter gradients put back as they were.
LogitGradient gradient_of_logits(Sequential& model, const Tensor& input, const Labels& targets,
                                 const std::function<Tensor(const Tensor& one_hot)>& backward) {
  model.set_training(false);
  const Tensor& logits = model.forward(input);
  LogitGradient result;
  result.targets = choose_targets(logits, targets);
  const std::size_t samples = logits.shape(0), classes = logits.shape(1);

  // dL/d(logits) = e_c makes L = f_c, so the backward pass returns ∂f_c/∂x, sample by sample.
  Tensor one_hot = xt::zeros<float>({samples, classes});
  for (std::size_t n = 0; n < samples; ++n) {
    const auto c = static_cast<std::size_t>(result.targets[n]);
    one_hot(n, c) = 1.0f;
    result.outputs.push_back(logits(n, c));
  }

  // Sequential::backward also adds parameter gradients; an explanation asked for in the middle of
  // training must not change the step being accumulated, so they are put back afterwards.
  std::vector<Tensor> saved;
  for (const auto& parameter : model.parameters()) saved.push_back(*parameter.gradient);
  result.gradient = backward(one_hot);
  auto parameters = model.parameters();
  for (std::size_t p = 0; p < parameters.size(); ++p) *parameters[p].gradient = saved[p];
  return result;
}

}  // namespace

LogitGradient logit_gradient(Sequential& model, const Tensor& input, const Labels& targets,
                             std::size_t layer) {
  if (layer >= model.size()) {
    throw ArgumentError("logit_gradient: the model has no layer " + std::to_string(layer));
  }
  return gradient_of_logits(model, input, targets, [&](const Tensor& one_hot) {
    if (layer == 0) return model.backward(one_hot);
    const Tensor* gradient = &one_hot;
    for (std::size_t l = model.size(); l-- > layer;) gradient = &model.layer(l).backward(*gradient);
    return *gradient;
  });
}

LogitGradient modified_logit_gradient(Sequential& model, const Tensor& input, const Labels& targets,
                                      const BackwardStep& step) {
  return gradient_of_logits(model, input, targets, [&](const Tensor& one_hot) {
    Tensor gradient = one_hot, modified;
    for (std::size_t l = model.size(); l-- > 0;) {
      Layer& layer = model.layer(l);
      gradient = step(layer, gradient, modified) ? std::move(modified) : layer.backward(gradient);
    }
    return gradient;
  });
}

}  // namespace glassbox::explain
