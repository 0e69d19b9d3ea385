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

// A map that is a family of its own (no slider), to be given its `explain`.
ReportMethod entry(const std::string& id, std::string label, std::string description) {
  ReportMethod method;
  method.id = id;
  method.family = id;
  method.label = std::move(label);
  method.description = std::move(description);
  return method;
}

// `method` computed as `glassbox explain` computes `choice`.
ReportMethod as_explain_does(ReportMethod method, MethodChoice choice) {
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

// `method` computed with the epsilon-plus-zbox composite (composite.hpp) but `first_rule` on the
// first layer with weights instead of zᴮ: what the first layer's rule alone changes.
ReportMethod with_first_layer_rule(ReportMethod method, const std::string& first_rule,
                                   float epsilon) {
  method.images_only = true;
  method.explain = [first_rule, epsilon](Sequential& model, const Samples& samples) {
    RuleSettings settings;
    settings.epsilon = epsilon;
    settings.low = samples.low;
    settings.high = samples.high;
    Composite composite{"epsilon-plus-" + first_rule, {}, {}};
    composite.add(LayerSelector::first_with_weights(), make_rule(first_rule, settings));
    for (const CompositeEntry& rest : make_composite("epsilon-plus-zbox", settings).entries) {
      if (rest.layers.kind != LayerSelector::Kind::first_with_weights) {
        composite.entries.push_back(rest);
      }
    }
    return lrp(model, samples.inputs, {}, composite);
  };
  return method;
}

// One map per value of a rule's parameter, one family, for the page's slider.
void add_parameter_family(std::vector<ReportMethod>& methods, const std::string& rule,
                          const std::string& label, const std::string& parameter,
                          const std::vector<float>& values, const std::string& description) {
  for (const float value : values) {
    RuleSettings settings;
    (rule == "epsilon" ? settings.epsilon : settings.gamma) = value;
    ReportMethod method = entry(rule + "-" + short_number(value), label, description);
    method.family = rule;
    method.parameter = parameter;
    method.value = value;
    methods.push_back(as_explain_does(std::move(method), rule_everywhere(rule, settings)));
  }
}

}  // namespace

std::vector<ReportMethod> report_methods(const ReportSettings& settings) {
  std::vector<ReportMethod> methods;
  const auto add = [&](ReportMethod method) { methods.push_back(std::move(method)); };
  add(as_explain_does(
      entry("sensitivity", "sensitivity", "squared gradient: what would change the logit"),
      method_named("sensitivity")));
  add(as_explain_does(entry("taylor", "simple Taylor", "gradient x input"),
                      method_named("taylor")));
  add(as_explain_does(entry("lrp-0", "LRP-0", "LRP-0 on every layer"), rule_everywhere("lrp-0")));
  add_parameter_family(methods, "epsilon", "LRP-ε", "ε", settings.epsilons,
                       "LRP-ε on every layer: ε absorbs weak, contradictory relevance");
  add_parameter_family(methods, "gamma", "LRP-γ", "γ", settings.gammas,
                       "LRP-γ on every layer: positive contributions count 1 + γ times");
  add(as_explain_does(entry("z-plus", "LRP-z⁺", "z⁺ on every layer: positive weights only"),
                      rule_everywhere("z-plus")));
  add(as_explain_does(entry("alpha1-beta0", "LRP-α1β0", "αβ with α = 1, β = 0"),
                      rule_everywhere("alpha1-beta0")));
  add(as_explain_does(
      entry("alpha2-beta1", "LRP-α2β1", "αβ with α = 2, β = 1: evidence against as well"),
      rule_everywhere("alpha2-beta1")));
  add(with_first_layer_rule(entry("z-box-first", "zᴮ + z⁺/ε composite",
                                  "zᴮ on the first layer, z⁺ on convolutions, ε on dense"),
                            "z-box", settings.epsilon));
  add(with_first_layer_rule(entry("w-square-first", "w² + z⁺/ε composite",
                                  "w² on the first layer, then as the zᴮ composite"),
                            "w-square", settings.epsilon));
  add(with_first_layer_rule(entry("flat-first", "flat + z⁺/ε composite",
                                  "flat on the first layer, then as the zᴮ composite"),
                            "flat", settings.epsilon));
  add(as_explain_does(
      entry("deep-taylor", "deep Taylor", "the rule each layer's input domain calls for"),
      method_named("deep-taylor")));
  return methods;
}

}  // namespace glassbox::explain
