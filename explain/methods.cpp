#include "explain/methods.hpp"

#include "explain/deep_taylor.hpp"
#include "explain/sensitivity.hpp"
#include "explain/taylor.hpp"
#include "framework/errors.hpp"

namespace glassbox::explain {
namespace {

LrpExplanation from_plain(Explanation explanation) {
  LrpExplanation result;
  static_cast<Explanation&>(result) = std::move(explanation);
  return result;
}

LrpExplanation lrp_of_choice(Sequential& model, const Tensor& input, const Labels& targets,
                             const MethodChoice& choice) {
  if (choice.rule.empty()) {
    return lrp(model, input, targets, make_composite(choice.composite, choice.settings),
               choice.options);
  }
  Composite composite{choice.rule, {}, {}};
  composite.add(LayerSelector::with_weights(), make_rule(choice.rule, choice.settings));
  return lrp(model, input, targets, composite, choice.options);
}

}  // namespace

const std::vector<MethodEntry>& method_table() {
  static const std::vector<MethodEntry> table = {
      {"sensitivity",
       [](Sequential& model, const Tensor& input, const Labels& targets, const MethodChoice&) {
         return from_plain(sensitivity(model, input, targets));
       },
       "squared gradient of the logit: what would change it"},
      {"taylor",
       [](Sequential& model, const Tensor& input, const Labels& targets, const MethodChoice&) {
         return from_plain(simple_taylor(model, input, targets));
       },
       "gradient x input (Taylor expansion at the root point 0)"},
      {"lrp", lrp_of_choice,
       "layer-wise relevance propagation (--composite, or --rule everywhere)"},
      {"deep-taylor",
       [](Sequential& model, const Tensor& input, const Labels& targets,
          const MethodChoice& choice) {
         const auto domain = InputDomain::pixels(choice.settings.low, choice.settings.high);
         return deep_taylor(model, input, targets, domain, choice.options);
       },
       "LRP with the rule each layer's input domain calls for"},
  };
  return table;
}

LrpExplanation explain_with(Sequential& model, const Tensor& input, const Labels& targets,
                            const MethodChoice& choice) {
  for (const MethodEntry& entry : method_table()) {
    if (entry.name == choice.method) return entry.explain(model, input, targets, choice);
  }
  throw ArgumentError("unknown explanation method \"" + choice.method +
                      "\" (known: " + names_of(method_table()) + ")");
}

std::string method_label(const MethodChoice& choice) {
  if (choice.method == "sensitivity") return "sensitivity";
  if (choice.method == "taylor") return "Taylor";
  if (choice.method == "deep-taylor") return "deep Taylor";
  return "LRP " + (choice.rule.empty() ? choice.composite : choice.rule);
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

}  // namespace glassbox::explain
