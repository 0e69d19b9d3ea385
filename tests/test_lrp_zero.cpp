// LRP-0 (docs/math/lrp.md eq. 4): values by hand, and the equation written as plain loops
// (lrp_reference.hpp) on Dense and Conv2d layers, inputs of both signs.
//
// Shapes: Dense a N×D, W D×K, R N×K; Conv2d a N×C×H×W, W F×C×kh×kw, R N×F×OH×OW.
#include <doctest/doctest.h>

#include "explain/lrp/propagate.hpp"
#include "explain/lrp/rules/lrp_zero.hpp"
#include "lrp_reference.hpp"
#include "rule_case_layer.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_lrp_zero {

using namespace glassbox;
using namespace glassbox::explain;
using namespace glassbox::testing;

TEST_CASE("LRP-0 by hand: two inputs, one output") {
  // a = (1, 2), w = (3, −1), b = 1, R = 4 at the output.
  // Contributions a_i w_i = 3 and −2; z = 3 − 2 + 1 = 2.
  // With the bias:    R_1 = 3/2 · 4 = 6,  R_2 = −2/2 · 4 = −4  (the bias keeps 1/2 · 4 = 2).
  // Without (z = 1):  R_1 = 3 · 4 = 12,   R_2 = −2 · 4 = −8    (Σ = 4, conserved).
  auto layer = dense_layer(rows({{3.0f}, {-1.0f}}), values({1.0f}));
  const Tensor a = rows({{1.0f, 2.0f}});
  layer->forward(a);
  const Tensor relevance = rows({{4.0f}});
  check_close(propagate(LinearLayer(*layer), a, relevance, LrpZeroRule{}, true), {6.0, -4.0});
  check_close(propagate(LinearLayer(*layer), a, relevance, LrpZeroRule{}, false), {12.0, -8.0});
}

TEST_CASE("LRP-0 by hand: two outputs add their shares") {
  // a = (1, 2); output 1: w = (3, −1), R = 4 (as above, no bias: 12, −8);
  // output 2: w = (1, 1), z = 1 + 2 = 3, R = 3: shares 1/3 · 3 = 1 and 2/3 · 3 = 2.
  // R_in = (12 + 1, −8 + 2) = (13, −6).
  auto layer = dense_layer(rows({{3.0f, 1.0f}, {-1.0f, 1.0f}}), values({0.0f, 0.0f}));
  const Tensor a = rows({{1.0f, 2.0f}});
  layer->forward(a);
  check_close(propagate(LinearLayer(*layer), a, rows({{4.0f, 3.0f}}), LrpZeroRule{}, true),
              {13.0, -6.0});
}

TEST_CASE("LRP-0 equals eq. (4) as loops on Dense and Conv2d layers with inputs of both signs") {
  for (const bool with_bias : {true, false}) {
    for (auto& c : rule_cases(-1.0f, 1.0f, 10)) {
      INFO(c.name << (with_bias ? ", biases take relevance" : ", biases take none"));
      auto contribution = [](std::size_t, double a, double w) { return a * w; };  // a_i w_ij
      auto bias_term = [&](double b) { return with_bias ? b : 0.0; };             // b_j
      const auto z = reference_denominators(c.connections, c.x, c.weight(), c.bias(),
                                            c.relevance.size(), contribution, bias_term, 0.0);
      CHECK(keep_well_conditioned(c.relevance, z) >= c.relevance.size() * 3 / 4);
      check_close(propagate(linear(c), c.x, c.relevance, LrpZeroRule{}, with_bias),
                  reference_relevance(c.connections, c.x, c.weight(), c.bias(), c.relevance,
                                      contribution, bias_term, 0.0));
    }
  }
}

}  // namespace test_lrp_zero
