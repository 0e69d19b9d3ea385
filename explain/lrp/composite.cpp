#include "explain/lrp/composite.hpp"

#include "framework/errors.hpp"

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

std::vector<std::string> composite_names() {
  return {"lrp-0",
          "epsilon",
          "gamma",
          "alpha1-beta0",
          "alpha2-beta1",
          "epsilon-plus-zbox",
          "epsilon-gamma-zbox"};
}

Composite make_composite(const std::string& name, const CompositeSettings& settings) {
  const auto everywhere = LayerSelector::with_weights();
  Composite composite{name, {}, {}};
  if (name == "lrp-0") return composite.add(everywhere, LrpZeroRule{});
  if (name == "epsilon") return composite.add(everywhere, EpsilonRule{settings.epsilon});
  if (name == "gamma") return composite.add(everywhere, GammaRule{settings.gamma});
  if (name == "alpha1-beta0") return composite.add(everywhere, AlphaBetaRule{1.0f, 0.0f});
  if (name == "alpha2-beta1") return composite.add(everywhere, AlphaBetaRule{2.0f, 1.0f});
  if (name == "epsilon-plus-zbox" || name == "epsilon-gamma-zbox") {
    composite.add(LayerSelector::first_with_weights(), ZBoxRule(settings.low, settings.high));
    composite.add(LayerSelector::of_type("Dense"), EpsilonRule{settings.epsilon});
    if (name == "epsilon-plus-zbox")
      return composite.add(LayerSelector::of_type("Conv2d"), ZPlusRule{});
    return composite.add(LayerSelector::of_type("Conv2d"), GammaRule{settings.gamma});
  }
  std::string known;
  for (const auto& known_name : composite_names())
    known += (known.empty() ? "" : ", ") + known_name;
  throw ArgumentError("unknown LRP composite \"" + name + "\" (known: " + known + ")");
}

}  // namespace glassbox::explain
