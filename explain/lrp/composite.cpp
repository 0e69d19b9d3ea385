#include "explain/lrp/composite.hpp"

#include "framework/errors.hpp"
#include "framework/layers/parallel.hpp"

namespace glassbox::explain {

bool has_weights(const Layer& layer) {
  const std::string type = layer.type();
  return type == "Dense" || type == "Conv2d" || type == "Conv1d";
}

bool LayerSelector::matches(const Sequential& model, std::size_t layer) const {
  switch (kind) {
    case Kind::index:
      return layer == index;
    case Kind::type:
      return model.layer(layer).type() == type;
    case Kind::with_weights:
      return has_weights(model.layer(layer));
    case Kind::first_with_weights:
      for (std::size_t i = 0; i < model.size(); ++i) {
        if (has_weights(model.layer(i))) return i == layer;
        // A Parallel layer's branches hold the first layers with weights (Composite::for_branch
        // gives them this entry); no layer after it sees the raw input.
        if (dynamic_cast<const Parallel*>(&model.layer(i))) return false;
      }
      return false;
  }
  return false;
}

Composite& Composite::add(LayerSelector layers, Rule rule) {
  entries.push_back({std::move(layers), std::move(rule)});
  return *this;
}

const Rule* Composite::rule_for(const Sequential& model, std::size_t layer) const {
  for (const auto& entry : entries) {
    if (entry.layers.matches(model, layer)) return &entry.rule;
  }
  return nullptr;
}

Composite Composite::for_branch(const Sequential& model, std::size_t parallel,
                                std::size_t branch) const {
  for (const auto& given : branch_composites) {
    if (given.layer == parallel) return given.branches.at(branch);
  }
  bool weights_before = false;
  for (std::size_t l = 0; l < parallel; ++l)
    weights_before = weights_before || has_weights(model.layer(l));
  Composite inside{name, {}, {}};
  for (const auto& entry : entries) {
    const auto kind = entry.layers.kind;
    if (kind == LayerSelector::Kind::index) continue;
    if (kind == LayerSelector::Kind::first_with_weights && weights_before) continue;
    inside.entries.push_back(entry);
  }
  return inside;
}

namespace {

// One rule on every layer with weights.
Composite everywhere(Rule rule) {
  Composite composite;
  return composite.add(LayerSelector::with_weights(), std::move(rule));
}

// `first` on the first layer with weights (the pixels), `convolutions` on the other Conv2d layers,
// ε on the Dense ones.
Composite first_then(Rule first, const RuleSettings& settings, Rule convolutions) {
  Composite composite;
  return composite.add(LayerSelector::first_with_weights(), std::move(first))
      .add(LayerSelector::of_type("Dense"), EpsilonRule{settings.epsilon})
      .add(LayerSelector::of_type("Conv2d"), std::move(convolutions));
}

Composite box_first(const RuleSettings& settings, Rule convolutions) {
  return first_then(ZBoxRule(settings.low, settings.high), settings, std::move(convolutions));
}

}  // namespace

const std::vector<CompositePreset>& composite_table() {
  using S = RuleSettings;
  static const std::vector<CompositePreset> table = {
      {"lrp-0", [](const S&) { return everywhere(LrpZeroRule{}); },
       "LRP-0 on every layer: gradient x input on ReLU networks"},
      {"epsilon", [](const S& s) { return everywhere(EpsilonRule{s.epsilon}); },
       "LRP-epsilon on every layer (the usual choice for text models)"},
      {"gamma", [](const S& s) { return everywhere(GammaRule{s.gamma}); },
       "LRP-gamma on every layer"},
      {"alpha1-beta0",
       [](const S&) {
         return everywhere(AlphaBetaRule{1.0f, 0.0f});
       },
       "LRP-alpha1-beta0 on every layer, as in the paper's figures"},
      {"alpha2-beta1",
       [](const S&) {
         return everywhere(AlphaBetaRule{2.0f, 1.0f});
       },
       "LRP-alpha2-beta1 on every layer"},
      {"epsilon-plus-zbox", [](const S& s) { return box_first(s, ZPlusRule{}); },
       "z-box on the first layer, z-plus on convolutions, epsilon on dense layers"},
      {"epsilon-gamma-zbox", [](const S& s) { return box_first(s, GammaRule{s.gamma}); },
       "z-box on the first layer, gamma on convolutions, epsilon on dense layers"},
      // Zennit's EpsilonPlusFlat (benchmarks/compare_zennit.py compares the two).
      {"epsilon-plus-flat", [](const S& s) { return first_then(FlatRule{}, s, ZPlusRule{}); },
       "flat on the first layer, z-plus on convolutions, epsilon on dense layers"},
  };
  return table;
}

Composite make_composite(const std::string& name, const RuleSettings& settings) {
  for (const CompositePreset& preset : composite_table()) {
    if (preset.name != name) continue;
    Composite composite = preset.make(settings);
    composite.name = preset.name;
    return composite;
  }
  throw ArgumentError("unknown LRP composite \"" + name +
                      "\" (known: " + names_of(composite_table()) + ")");
}

}  // namespace glassbox::explain
