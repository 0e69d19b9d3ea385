#include "explain/report/report_methods.hpp"

#include <cstdio>

#include "explain/explain_samples.hpp"

namespace glassbox::explain {
namespace {

// "0.25", "4": the shortest decimal that names the value on the page and in ids.
std::string short_number(float value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", static_cast<double>(value));
  return text;
}

// A map `glassbox explain` would compute with the same choice.
ReportMethod chosen(std::string id, std::string family, std::string label, std::string description,
                    MethodChoice choice) {
  ReportMethod method{std::move(id), std::move(family),      std::move(label), "",
                      0.0f,          std::move(description), nullptr};
  method.explain = [choice](Sequential& model, const Samples& samples) {
    return explain_samples(model, samples, choice);
  };
  return method;
}

MethodChoice method_named(const std::string& name) {
  MethodChoice choice;
  choice.method = name;
  return choice;
}

MethodChoice rule_everywhere(const std::string& rule, const RuleSettings& settings = {}) {
  MethodChoice choice;
  choice.rule = rule;
  choice.settings = settings;
  return choice;
}

// The epsilon-plus-zbox composite (composite.hpp) with `first_rule` on the first layer with
// weights instead of zᴮ: what the first layer's rule alone changes.
ReportMethod first_layer_variant(const std::string& first_rule, std::string family,
                                 std::string label, std::string description, float epsilon) {
  ReportMethod method{std::move(family),      "",     std::move(label), "", 0.0f,
                      std::move(description), nullptr};
  method.family = method.id;
  method.explain = [first_rule, epsilon](Sequential& model, const Samples& samples) {
    RuleSettings settings;
    settings.epsilon = epsilon;
    settings.low = samples.low;
    settings.high = samples.high;
    Composite composite{"epsilon-plus-" + first_rule, {}, {}};
    composite.add(LayerSelector::first_with_weights(), make_rule(first_rule, settings));
    for (const CompositeEntry& entry : make_composite("epsilon-plus-zbox", settings).entries) {
      if (entry.layers.kind != LayerSelector::Kind::first_with_weights) {
        composite.entries.push_back(entry);
      }
    }
    return lrp(model, samples.inputs, {}, composite);
  };
  return method;
}

// One map per value of a rule's parameter, for the page's slider.
void add_parameter_family(std::vector<ReportMethod>& methods, const std::string& rule,
                          const std::string& label, const std::string& parameter,
                          const std::vector<float>& values, const std::string& description) {
  for (const float value : values) {
    RuleSettings settings;
    (rule == "epsilon" ? settings.epsilon : settings.gamma) = value;
    ReportMethod method = chosen(rule + "-" + short_number(value), rule, label, description,
                                 rule_everywhere(rule, settings));
    method.parameter = parameter;
    method.value = value;
    methods.push_back(std::move(method));
  }
}

}  // namespace

std::vector<ReportMethod> report_methods(const ReportSettings& settings) {
  std::vector<ReportMethod> methods;
  methods.push_back(chosen("sensitivity", "sensitivity", "sensitivity",
                           "squared gradient: what would change the logit",
                           method_named("sensitivity")));
  methods.push_back(
      chosen("taylor", "taylor", "simple Taylor", "gradient x input", method_named("taylor")));
  methods.push_back(
      chosen("lrp-0", "lrp-0", "LRP-0", "LRP-0 on every layer", rule_everywhere("lrp-0")));
  add_parameter_family(methods, "epsilon", "LRP-ε", "ε", settings.epsilons,
                       "LRP-ε on every layer: ε absorbs weak, contradictory relevance");
  add_parameter_family(methods, "gamma", "LRP-γ", "γ", settings.gammas,
                       "LRP-γ on every layer: positive contributions count 1 + γ times");
  methods.push_back(chosen("z-plus", "z-plus", "LRP-z⁺", "z⁺ on every layer: positive weights only",
                           rule_everywhere("z-plus")));
  methods.push_back(chosen("alpha1-beta0", "alpha1-beta0", "LRP-α1β0", "αβ with α = 1, β = 0",
                           rule_everywhere("alpha1-beta0")));
  methods.push_back(chosen("alpha2-beta1", "alpha2-beta1", "LRP-α2β1",
                           "αβ with α = 2, β = 1: evidence against as well",
                           rule_everywhere("alpha2-beta1")));
  methods.push_back(first_layer_variant("z-box", "z-box-first", "zᴮ + z⁺/ε composite",
                                        "zᴮ on the first layer, z⁺ on convolutions, ε on dense",
                                        settings.epsilon));
  methods.push_back(first_layer_variant("w-square", "w-square-first", "w² + z⁺/ε composite",
                                        "w² on the first layer, then as the zᴮ composite",
                                        settings.epsilon));
  methods.push_back(first_layer_variant("flat", "flat-first", "flat + z⁺/ε composite",
                                        "flat on the first layer, then as the zᴮ composite",
                                        settings.epsilon));
  methods.push_back(chosen("deep-taylor", "deep-taylor", "deep Taylor",
                           "the rule each layer's input domain calls for",
                           method_named("deep-taylor")));
  return methods;
}

}  // namespace glassbox::explain
