#include "explain/methods.hpp"

#include "explain/deep_taylor.hpp"
#include "explain/sensitivity.hpp"
#include "explain/taylor.hpp"
#include "framework/errors.hpp"

namespace glassbox::explain {
namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

Rule single_rule(const std::string& name, const CompositeSettings& settings) {
  if (name == "lrp-0") return LrpZeroRule{};
  if (name == "epsilon") return EpsilonRule{settings.epsilon};
  if (name == "gamma") return GammaRule{settings.gamma};
  if (name == "z-plus") return ZPlusRule{};
  if (name == "alpha1-beta0") return AlphaBetaRule{1.0f, 0.0f};
  if (name == "alpha2-beta1") return AlphaBetaRule{2.0f, 1.0f};
  if (name == "w-square") return WSquareRule{};
  if (name == "flat") return FlatRule{};
  throw ArgumentError("unknown LRP rule \"" + name + "\" (" + joined(single_rule_names()) + ")");
}

LrpExplanation from_plain(Explanation explanation) {
  LrpExplanation result;
  static_cast<Explanation&>(result) = std::move(explanation);
  return result;
}

}  // namespace

LrpExplanation explain_with(Sequential& model, const Tensor& input, const Labels& targets,
                            const MethodChoice& choice) {
  if (choice.method == "sensitivity") return from_plain(sensitivity(model, input, targets));
  if (choice.method == "taylor") return from_plain(simple_taylor(model, input, targets));
  if (choice.method == "deep-taylor") {
    const auto domain = InputDomain::pixels(choice.settings.low, choice.settings.high);
    return deep_taylor(model, input, targets, domain, choice.options);
  }
  if (choice.method == "lrp") {
    Composite composite;
    if (choice.rule.empty()) {
      composite = make_composite(choice.composite, choice.settings);
    } else {
      composite.name = choice.rule;
      composite.add(LayerSelector::with_weights(), single_rule(choice.rule, choice.settings));
    }
    return lrp(model, input, targets, composite, choice.options);
  }
  throw ArgumentError("unknown explanation method \"" + choice.method + "\" (" +
                      joined(method_names()) + ")");
}

std::string method_label(const MethodChoice& choice) {
  if (choice.method == "sensitivity") return "sensitivity";
  if (choice.method == "taylor") return "Taylor";
  if (choice.method == "deep-taylor") return "deep Taylor";
  return "LRP " + (choice.rule.empty() ? choice.composite : choice.rule);
}

std::vector<std::string> method_names() {
  return {"sensitivity", "taylor", "lrp", "deep-taylor"};
}

std::vector<MethodChoice> comparison_methods() {
  std::vector<MethodChoice> methods(5);
  methods[0].method = "sensitivity";
  methods[1].method = "taylor";
  methods[2].rule = "alpha1-beta0";
  methods[3].composite = "epsilon-plus-zbox";
  methods[4].method = "deep-taylor";
  return methods;
}

std::vector<std::string> single_rule_names() {
  return {"lrp-0",        "epsilon",      "gamma",    "z-plus",
          "alpha1-beta0", "alpha2-beta1", "w-square", "flat"};
}

}  // namespace glassbox::explain
