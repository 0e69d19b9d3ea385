#include "explain/taylor.hpp"

#include <algorithm>

#include <xtensor/xbroadcast.hpp>

#include "explain/embedded_input.hpp"
#include "explain/gradient.hpp"
#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"
#include "framework/shape.hpp"

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

Tensor one_root_per_sample(const Tensor& input, const Tensor& root, const std::string& what) {
  const Shape input_shape(input.shape().begin(), input.shape().end());
  const Shape root_shape(root.shape().begin(), root.shape().end());
  const Shape sample_shape(input_shape.begin() + (input_shape.empty() ? 0 : 1), input_shape.end());
  if (root_shape != input_shape && root_shape != sample_shape) {
    throw ArgumentError(what + " " + shape_to_string(root_shape) +
                        " has neither the input's shape " + shape_to_string(input_shape) +
                        " nor one sample's " + shape_to_string(sample_shape));
  }
  return xt::broadcast(root, input.shape());
}

TaylorExplanation taylor_decomposition(Sequential& model, const Tensor& input, const Tensor& root,
                                       const Labels& targets) {
  if (starts_with_embedding(model)) {
    throw ArgumentError(
        "a Taylor root point must be an input, and token ids have none: use simple Taylor "
        "decomposition, whose root is the zero embedding vector");
  }
  const Tensor roots = one_root_per_sample(input, root, "the Taylor root point");

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

namespace {

// p_n(t_n) = clip(x_n + t_n·d_n, low, high) for every sample n.
Tensor points_on_paths(const Tensor& input, const Tensor& direction, const std::vector<float>& t,
                       const RootSearch& search) {
  Tensor points = Tensor::from_shape(input.shape());
  const std::size_t d = input.size() / t.size();
  for (std::size_t n = 0; n < t.size(); ++n) {
    const float* x = input.data() + n * d;
    const float* step = direction.data() + n * d;
    float* point = points.data() + n * d;
    for (std::size_t j = 0; j < d; ++j) {
      point[j] = std::clamp(x[j] + t[n] * step[j], search.low, search.high);
    }
  }
  return points;
}

// f_{c_n}(points_n) for every sample.
std::vector<float> target_logits(Sequential& model, const Tensor& points, const Labels& classes) {
  const Tensor& logits = model.forward(points);
  std::vector<float> values;
  for (std::size_t n = 0; n < classes.size(); ++n) {
    values.push_back(logits(n, static_cast<std::size_t>(classes[n])));
  }
  return values;
}

}  // namespace

RootPoint first_root_on_path(Sequential& model, const Tensor& input, const Tensor& direction,
                             const Labels& targets, const RootSearch& search) {
  if (direction.shape() != input.shape()) {
    throw ArgumentError("the root search direction " + shape_to_string(shape_of(direction)) +
                        " must have the input's shape " + shape_to_string(shape_of(input)));
  }
  if (search.scan_steps < 1 || search.bisections < 0 || !(search.low <= search.high)) {
    throw ArgumentError("a root search needs scan steps ≥ 1, bisections ≥ 0 and low ≤ high");
  }
  model.set_training(false);
  RootPoint root;
  const std::size_t samples = input.shape(0);
  root.targets = choose_targets(model.forward(input), targets);
  const std::vector<float> at_start = target_logits(model, input, root.targets);

  // The bracket of each sample: f > 0 at `below`, f ≤ 0 at `above`, once found.
  std::vector<float> below(samples, 0.0f), above(samples, 0.0f);
  root.found.assign(samples, false);
  for (std::size_t n = 0; n < samples; ++n) root.found[n] = at_start[n] <= 0.0f;
  for (int k = 1; k <= search.scan_steps; ++k) {
    const float t = static_cast<float>(k) / static_cast<float>(search.scan_steps);
    const std::vector<float> f = target_logits(
        model, points_on_paths(input, direction, std::vector<float>(samples, t), search),
        root.targets);
    for (std::size_t n = 0; n < samples; ++n) {
      if (root.found[n]) continue;
      if (f[n] <= 0.0f) {
        root.found[n] = true;
        above[n] = t;
      } else {
        below[n] = t;
      }
    }
  }
  for (int halving = 0; halving < search.bisections; ++halving) {
    std::vector<float> middle(samples);
    for (std::size_t n = 0; n < samples; ++n) middle[n] = 0.5f * (below[n] + above[n]);
    const std::vector<float> f =
        target_logits(model, points_on_paths(input, direction, middle, search), root.targets);
    for (std::size_t n = 0; n < samples; ++n) {
      if (!root.found[n] || above[n] == 0.0f) continue;  // no bracket, or x is its own root
      (f[n] <= 0.0f ? above[n] : below[n]) = middle[n];
    }
  }
  for (std::size_t n = 0; n < samples; ++n) root.steps.push_back(root.found[n] ? above[n] : 1.0f);
  root.points = points_on_paths(input, direction, root.steps, search);
  root.outputs = target_logits(model, root.points, root.targets);
  return root;
}

}  // namespace glassbox::explain
