// Any one of the LRP rules, so that a composite (composite.hpp) can hold a different rule per
// layer; the one call that applies whichever it is; and the table of rules by name.
//
// Shapes: those of the layer it is applied to (propagate.hpp).
#pragma once

#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "explain/lrp/linear_layer.hpp"
#include "explain/lrp/rules/alpha_beta.hpp"
#include "explain/lrp/rules/epsilon.hpp"
#include "explain/lrp/rules/flat.hpp"
#include "explain/lrp/rules/gamma.hpp"
#include "explain/lrp/rules/lrp_zero.hpp"
#include "explain/lrp/rules/w_square.hpp"
#include "explain/lrp/rules/z_box.hpp"
#include "explain/lrp/rules/z_plus.hpp"
#include "explain/name_tables.hpp"

namespace glassbox::explain {

using Rule = std::variant<LrpZeroRule, EpsilonRule, GammaRule, ZPlusRule, AlphaBetaRule, ZBoxRule,
                          WSquareRule, FlatRule>;

// R_in for relevance R at the layer's output, with whichever rule `rule` holds.
Tensor propagate(const LinearLayer& layer, const Tensor& activation, const Tensor& relevance,
                 const Rule& rule, bool with_bias);

// The parameters of the rules made by name (rule_table, and the composites of composite.hpp).
struct RuleSettings {
  float epsilon = 0.25f;  // of LRP-ε, in the units of the layers' outputs z
  float gamma = 0.25f;    // of LRP-γ
  // Input bounds for zᴮ: [0, 1] for pixels scaled to unit range; [-1, 1] for a model trained on
  // symmetric scaling (the "pixel scaling" in its model file).
  float low = 0.0f;
  float high = 1.0f;
};

// One rule by name: "lrp-0", "epsilon", ... The names are the only spelling of the rules anywhere
// (the command line, the conservation table, error messages).
struct RuleEntry {
  std::string name;
  std::function<Rule(const RuleSettings&)> make;
  std::string description;  // one line, for help texts
};

// Every rule, in the order of docs/math/lrp.md.
const std::vector<RuleEntry>& rule_table();

// The rule called `name`; throws ArgumentError listing the names for an unknown one.
Rule make_rule(const std::string& name, const RuleSettings& settings = {});

// The rule's name from rule_table with its parameters where it has any, for tables and messages:
// "lrp-0", "epsilon(0.25)", "alpha2-beta1", "z-box[0, 1]", ...
std::string rule_name(const Rule& rule);

// What can keep part of the relevance at a layer with this rule, for the conservation table
// (docs/math/lrp.md, "When conservation holds"): "biases" (their share ρ(b_j)/z_j·R_j), "epsilon"
// (ε/z_j·R_j, when ε > 1e-6), "z = 0 outputs" (outputs no input contributes to: without biases,
// those active through their bias alone), "one-sided outputs" (αβ with β > 0, at an output with no
// negative part), joined by ", "; empty for a rule that always passes on all of R_j.
std::string what_absorbs(const Rule& rule, bool with_bias);

// Sets the ε of whichever rule `rule` holds (the LRP-ε parameter, or the stabiliser of the others).
void set_epsilon(Rule& rule, float epsilon);

}  // namespace glassbox::explain
