#include "explain/evaluation/continuity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"
#include "framework/random.hpp"

namespace glassbox::explain {
namespace {

void check_options(const ContinuityOptions& options) {
  if (options.sizes.empty()) throw ArgumentError("continuity: no perturbation sizes given");
  for (const double size : options.sizes) {
    if (!std::isfinite(size) || size < 0.0) {
      throw ArgumentError("continuity: a perturbation size must be finite and at least 0, got " +
                          std::to_string(size));
    }
  }
  if (options.draws == 0) throw ArgumentError("continuity: draws must be at least 1");
  if (options.clip && !(options.low <= options.high)) {
    throw ArgumentError("continuity: the input domain [" + std::to_string(options.low) + ", " +
                        std::to_string(options.high) + "] is empty");
  }
}

Tensor checked_relevance(const Explainer& explain, const Tensor& inputs) {
  Tensor relevance = explain(inputs);
  if (shape_of(relevance) != shape_of(inputs)) {
    throw ArgumentError("continuity: the relevance " + shape_to_string(shape_of(relevance)) +
                        " must have the inputs' shape " + shape_to_string(shape_of(inputs)));
  }
  return relevance;
}

// Each input repeated `draws` times, row n·M + m a copy of x_n: the batch the directions fit.
Tensor repeated(const Tensor& inputs, std::size_t draws) {
  Shape shape = shape_of(inputs);
  const std::size_t per_sample = inputs.size() / shape[0];
  shape[0] *= draws;
  Tensor copies = Tensor::from_shape(shape);
  for (std::size_t row = 0; row < shape[0]; ++row) {
    std::copy_n(inputs.data() + (row / draws) * per_sample, per_sample,
                copies.data() + row * per_sample);
  }
  return copies;
}

}  // namespace

double relative_change(const float* relevance, const float* perturbed, std::size_t d) {
  double difference = 0.0, reference = 0.0;
  for (std::size_t i = 0; i < d; ++i) {
    const double r = relevance[i], delta = static_cast<double>(perturbed[i]) - r;
    difference += delta * delta;
    reference += r * r;
  }
  if (reference == 0.0) return std::numeric_limits<double>::quiet_NaN();
  return std::sqrt(difference / reference);
}

Tensor perturbation_directions(const Tensor& inputs, std::size_t draws, std::uint64_t seed) {
  Shape shape = shape_of(inputs);
  shape[0] *= draws;
  Tensor directions = Tensor::from_shape(shape);
  Rng rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  for (float& value : directions) value = normal(rng);
  return directions;
}

ContinuityCurve continuity(const Explainer& explain, const Tensor& inputs,
                           const ContinuityOptions& options) {
  check_options(options);
  if (inputs.dimension() < 2 || inputs.shape(0) == 0) {
    throw ArgumentError("continuity: the inputs " + shape_to_string(shape_of(inputs)) +
                        " must be a batch of at least one sample");
  }
  const std::size_t samples = inputs.shape(0), per_sample = inputs.size() / samples;
  const std::size_t draws = options.draws;
  const Tensor reference = checked_relevance(explain, inputs);
  std::vector<bool> usable(samples);
  ContinuityCurve curve;
  for (std::size_t n = 0; n < samples; ++n) {
    const float* r = reference.data() + n * per_sample;
    usable[n] = std::any_of(r, r + per_sample, [](float value) { return value != 0.0f; });
    if (!usable[n]) ++curve.skipped;
  }
  if (curve.skipped == samples) {
    throw ArgumentError("continuity: every input's relevance is 0, so no change is relative");
  }

  const Tensor origins = repeated(inputs, draws);
  const Tensor directions = perturbation_directions(inputs, draws, options.seed);
  for (const double size : options.sizes) {
    Tensor perturbed = origins + static_cast<float>(size) * directions;
    if (options.clip) perturbed = xt::clip(perturbed, options.low, options.high);
    const Tensor moved = checked_relevance(explain, perturbed);
    double total = 0.0, largest = 0.0;
    for (std::size_t row = 0; row < samples * draws; ++row) {
      if (!usable[row / draws]) continue;
      const double change = relative_change(reference.data() + (row / draws) * per_sample,
                                            moved.data() + row * per_sample, per_sample);
      total += change;
      largest = std::max(largest, change);
    }
    curve.sizes.push_back(size);
    curve.mean_change.push_back(total / static_cast<double>((samples - curve.skipped) * draws));
    curve.largest.push_back(largest);
  }
  return curve;
}

ContinuityCurve continuity(Sequential& model, const Tensor& inputs, const MethodChoice& choice,
                           const ContinuityOptions& options) {
  check_options(options);  // before the first explanation, which may be slow
  model.set_training(false);
  // The classes explained at x, predicted once; at x′ = x + σε the same class is explained even if
  // the prediction flips, so that R(x′) answers the same question as R(x).
  const Labels classes = explain_with(model, inputs, {}, choice).targets;
  const auto explain = [&](const Tensor& batch) {
    Labels targets(batch.shape(0));
    const std::size_t draws = batch.shape(0) / classes.size();
    for (std::size_t row = 0; row < targets.size(); ++row) targets[row] = classes[row / draws];
    return explain_with(model, batch, targets, choice).relevance;
  };
  return continuity(explain, inputs, options);
}

}  // namespace glassbox::explain
