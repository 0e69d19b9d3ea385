// Every explanation method by name, for the command line, the figures and the tutorials.
//
//   sensitivity    R_i = (∂f_c/∂x_i)²                      docs/math/explanations.md
//   taylor         R_i = x_i · ∂f_c/∂x_i (root point 0)    docs/math/explanations.md
//   lrp            layer-wise relevance propagation with a composite or one rule everywhere
//   deep-taylor    LRP with the rules each layer's input domain calls for
//   integrated-gradients, smoothgrad, smoothgrad-squared, occlusion, guided-backprop, deconvnet:
//                  the methods of other toolboxes (integrated_gradients.hpp, smooth_grad.hpp,
//                  occlusion.hpp, guided_backprop.hpp)
//
// Shapes: input N×(sample shape); relevance the same; targets N.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "explain/lrp/lrp.hpp"
#include "explain/occlusion.hpp"
#include "explain/smooth_grad.hpp"

namespace glassbox::explain {

struct MethodChoice {
  std::string method = "lrp";
  // For lrp: a composite preset (composite_table) or, when `rule` is set, one rule (rule_table) on
  // every layer with weights.
  std::string composite = "epsilon-plus-zbox";
  std::string rule;
  RuleSettings settings;  // ε, γ and the input bounds [low, high] for zᴮ and deep Taylor
  LrpOptions options;
  // integrated-gradients: m steps from the baseline "black" (settings.low everywhere) or "blur"
  // (the input blurred by a Gaussian of `blur` pixels).
  std::size_t steps = 32;
  std::string baseline = "black";
  float blur = 4.0f;
  // smoothgrad(-squared): the method averaged, "gradient" (∂f_c/∂x) or any method of the table
  // but the smoothgrads; the inputs' range is taken from settings.low and settings.high.
  std::string smooth_over = "gradient";
  SmoothGradOptions smoothing;
  // occlusion: the window covers with settings.low (black), whatever `occlusion.value` says.
  OcclusionOptions occlusion;
};

// One method by name.
struct MethodEntry {
  std::string name;
  std::function<LrpExplanation(Sequential&, const Tensor&, const Labels&, const MethodChoice&)>
      explain;
  std::string description;  // one line, for help texts
};

// sensitivity, taylor, lrp, deep-taylor, then the methods of other toolboxes.
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

// The methods of other toolboxes that pixel flipping measures against those: integrated gradients
// (black baseline), SmoothGrad, SmoothGrad², occlusion, guided backprop, deconvnet, with their
// default settings.
std::vector<MethodChoice> other_toolbox_methods();

// comparison_methods() or, when `names` (comma-separated method names) is not empty, those
// methods with default settings, in that order. Throws ArgumentError naming an unknown one.
std::vector<MethodChoice> methods_named(const std::string& names);

}  // namespace glassbox::explain
