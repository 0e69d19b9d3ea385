// Any one of the LRP rules, so that a composite (composite.hpp) can hold a different rule per
// layer, and the one call that applies whichever it is.
//
// Shapes: those of the layer it is applied to (propagate.hpp).
#pragma once

#include <string>
#include <variant>

#include "explain/lrp/linear_layer.hpp"
#include "explain/lrp/rules/alpha_beta.hpp"
#include "explain/lrp/rules/epsilon.hpp"
#include "explain/lrp/rules/flat.hpp"
#include "explain/lrp/rules/gamma.hpp"
#include "explain/lrp/rules/lrp_zero.hpp"
#include "explain/lrp/rules/w_square.hpp"
#include "explain/lrp/rules/z_box.hpp"
#include "explain/lrp/rules/z_plus.hpp"

namespace glassbox::explain {

using Rule = std::variant<LrpZeroRule, EpsilonRule, GammaRule, ZPlusRule, AlphaBetaRule, ZBoxRule,
                          WSquareRule, FlatRule>;

// R_in for relevance R at the layer's output, with whichever rule `rule` holds.
Tensor propagate(const LinearLayer& layer, const Tensor& activation, const Tensor& relevance,
                 const Rule& rule, bool with_bias);

// "LRP-0", "LRP-epsilon(0.25)", "LRP-alpha2-beta1", "z-box[0, 1]", ... for tables and messages.
std::string rule_name(const Rule& rule);

// Sets the ε of whichever rule `rule` holds (the LRP-ε parameter, or the stabiliser of the others).
void set_epsilon(Rule& rule, float epsilon);

}  // namespace glassbox::explain
