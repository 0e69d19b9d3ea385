#include "explain/deep_taylor.hpp"

#include "framework/layers/avg_pool2d.hpp"
#include "framework/layers/parallel.hpp"

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

InputDomain output_domain(const Layer& layer, const InputDomain& input);

// The domain of a whole layer list's output.
InputDomain sequence_output_domain(const Sequential& sequence, InputDomain domain) {
  for (std::size_t l = 0; l < sequence.size(); ++l)
    domain = output_domain(sequence.layer(l), domain);
  return domain;
}

// The domain of a layer's output, given the domain of its input.
InputDomain output_domain(const Layer& layer, const InputDomain& input) {
  const std::string type = layer.type();
  if (type == "ReLU") return InputDomain::nonnegative();
  if (type == "Sigmoid") return InputDomain::pixels(0.0f, 1.0f);
  if (type == "Tanh") return InputDomain::pixels(-1.0f, 1.0f);
  if (type == "MaxPool2d" || type == "MaxOverTime" || type == "Flatten" || type == "Dropout") {
    return input;
  }
  if (const auto* parallel = dynamic_cast<const Parallel*>(&layer)) {
    // Side by side, the outputs are ≥ 0 only if every branch's are (text CNN: ReLU, max over time).
    for (std::size_t b = 0; b < parallel->branch_count(); ++b) {
      const auto kind = sequence_output_domain(parallel->branch(b), input).kind;
      if (kind != InputDomain::Kind::nonnegative) return InputDomain::real();
    }
    return InputDomain::nonnegative();
  }
  if (const auto* pool = dynamic_cast<const AvgPool2d*>(&layer)) {
    if (!pool->sum() || input.kind != InputDomain::Kind::bounded) return input;
    const auto taps = static_cast<float>(pool->kernel() * pool->kernel());
    return InputDomain::pixels(taps * input.low, taps * input.high);
  }
  // Dense, Conv2d, Conv1d, Embedding (learned vectors), anything not known to bound its output.
  return InputDomain::real();
}

}  // namespace

Composite deep_taylor_composite(const Sequential& model, const InputDomain& input_domain) {
  Composite composite{"deep-taylor", {}, {}};
  InputDomain domain = input_domain;
  for (std::size_t l = 0; l < model.size(); ++l) {
    const Layer& layer = model.layer(l);
    if (has_weights(layer) || layer.type() == "AvgPool2d") {
      composite.add(LayerSelector::at(l), rule_for_domain(domain));
    }
    if (const auto* parallel = dynamic_cast<const Parallel*>(&layer)) {
      BranchComposites inside{l, {}};
      for (std::size_t b = 0; b < parallel->branch_count(); ++b) {
        inside.branches.push_back(deep_taylor_composite(parallel->branch(b), domain));
      }
      composite.branch_composites.push_back(std::move(inside));
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
