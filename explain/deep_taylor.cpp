#include "explain/deep_taylor.hpp"

#include "framework/layers/avg_pool2d.hpp"

namespace glassbox::explain {
namespace {

Rule rule_for_domain(const InputDomain& domain) {
  switch (domain.kind) {
    case InputDomain::Kind::nonnegative:
      return ZPlusRule{};
    case InputDomain::Kind::bounded:
      return ZBoxRule(domain.low, domain.high);
    case InputDomain::Kind::unbounded:
      return WSquareRule{};
  }
  return WSquareRule{};
}

// The domain of a layer's output, given the domain of its input.
InputDomain output_domain(const Layer& layer, const InputDomain& input) {
  const std::string type = layer.type();
  if (type == "ReLU") return InputDomain::nonnegative();
  if (type == "Sigmoid") return InputDomain::pixels(0.0f, 1.0f);
  if (type == "Tanh") return InputDomain::pixels(-1.0f, 1.0f);
  if (type == "MaxPool2d" || type == "Flatten" || type == "Dropout") return input;
  if (const auto* pool = dynamic_cast<const AvgPool2d*>(&layer)) {
    if (!pool->sum() || input.kind != InputDomain::Kind::bounded) return input;
    const auto taps = static_cast<float>(pool->kernel() * pool->kernel());
    return InputDomain::pixels(taps * input.low, taps * input.high);
  }
  return InputDomain::real();  // Dense, Conv2d, and anything not known to bound its output
}

}  // namespace

Composite deep_taylor_composite(const Sequential& model, const InputDomain& input_domain) {
  Composite composite{"deep-taylor", {}};
  InputDomain domain = input_domain;
  for (std::size_t l = 0; l < model.size(); ++l) {
    const Layer& layer = model.layer(l);
    if (has_weights(layer) || layer.type() == "AvgPool2d") {
      composite.add(LayerSelector::at(l), rule_for_domain(domain));
    }
    domain = output_domain(layer, domain);
  }
  return composite;
}

LrpExplanation deep_taylor(Sequential& model, const Tensor& input, const Labels& targets,
                           const InputDomain& input_domain, const LrpOptions& options) {
  return lrp(model, input, targets, deep_taylor_composite(model, input_domain), options);
}

}  // namespace glassbox::explain
