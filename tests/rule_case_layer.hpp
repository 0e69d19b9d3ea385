// The explain-side view of a test case's layer, for the rule tests. Kept out of lrp_reference.hpp,
// which must share nothing with explain/.
#pragma once

#include "explain/lrp/linear_layer.hpp"
#include "lrp_reference.hpp"

namespace glassbox::testing {

inline explain::LinearLayer linear(const RuleCase& c) {
  return c.dense ? explain::LinearLayer(*c.dense) : explain::LinearLayer(*c.conv);
}

}  // namespace glassbox::testing
