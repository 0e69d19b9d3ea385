#include "explain/explain_samples.hpp"

#include "framework/errors.hpp"

namespace glassbox::explain {

Labels requested_targets(Sequential& model, int requested_class, std::size_t samples) {
  if (requested_class < 0) return {};
  const std::size_t classes = model.output_shape().at(0);
  if (static_cast<std::size_t>(requested_class) >= classes) {
    throw ArgumentError("--class " + std::to_string(requested_class) +
                        " is out of range: the model has " + std::to_string(classes) +
                        " classes (0 to " + std::to_string(classes - 1) + ")");
  }
  return Labels(samples, requested_class);
}

LrpExplanation explain_samples(Sequential& model, const Samples& samples, MethodChoice choice,
                               const Labels& targets) {
  choice.settings.low = samples.low;
  choice.settings.high = samples.high;
  return explain_with(model, samples.inputs, targets, choice);
}

}  // namespace glassbox::explain
