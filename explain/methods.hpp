// Every explanation method by name, for the command line, the figures and the tutorials.
//
//   sensitivity    R_i = (∂f_c/∂x_i)²                      docs/math/explanations.md
//   taylor         R_i = x_i · ∂f_c/∂x_i (root point 0)    docs/math/explanations.md
//   lrp            layer-wise relevance propagation with a composite or one rule everywhere
//   deep-taylor    LRP with the rules each layer's input domain calls for
//
// Shapes: input N×(sample shape); relevance the same; targets N.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "explain/lrp/lrp.hpp"

namespace glassbox::explain {

struct MethodChoice {
  std::string method = "lrp";
  // For lrp: a composite preset (composite_table) or, when `rule` is set, one rule (rule_table) on
  // every layer with weights.
  std::string composite = "epsilon-plus-zbox";
  std::string rule;
  RuleSettings settings;  // ε, γ and the input bounds [low, high] for zᴮ and deep Taylor
  LrpOptions options;
};

// One method by name.
struct MethodEntry {
  std::string name;
  std::function<LrpExplanation(Sequential&, const Tensor&, const Labels&, const MethodChoice&)>
      explain;
  std::string description;  // one line, for help texts
};

// sensitivity, taylor, lrp, deep-taylor.
const std::vector<MethodEntry>& method_table();

// Runs the chosen method. Throws ArgumentError naming an unknown method, composite or rule, and
// listing the known ones.
LrpExplanation explain_with(Sequential& model, const Tensor& input, const Labels& targets,
                            const MethodChoice& choice);

// A short label for figures: "sensitivity", "Taylor", "LRP epsilon-plus-zbox", ...
std::string method_label(const MethodChoice& choice);

// The methods figures compare: sensitivity, simple Taylor, LRP-α1β0 (as in the material's
// figures), LRP ε + z⁺ + zᴮ, and deep Taylor.
std::vector<MethodChoice> comparison_methods();

}  // namespace glassbox::explain
