// LRP-γ (docs/math/lrp.md eq. 6): values by hand, and the equation written as plain loops
// (lrp_reference.hpp) on Dense and Conv2d layers with inputs a ≥ 0, as the rule assumes.
//
// Shapes: Dense a N×D, W D×K, R N×K; Conv2d a N×C×H×W, W F×C×kh×kw, R N×F×OH×OW.
#include <doctest/doctest.h>

#include <algorithm>

#include "explain/lrp/propagate.hpp"
#include "explain/lrp/rules/gamma.hpp"
#include "lrp_reference.hpp"
#include "rule_case_layer.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_gamma {

using namespace glassbox;
using namespace glassbox::explain;
using namespace glassbox::testing;

TEST_CASE("LRP-gamma by hand: positive weights gain by gamma") {
  // a = (1, 2), w = (3, −1), γ = 0.5, R = 4.
  // ρ(w) = w + γw⁺ = (3 + 1.5, −1) = (4.5, −1); contributions 4.5 and −2.
  // Without bias: z = 2.5;  R_1 = 4.5/2.5 · 4 = 7.2,  R_2 = −2/2.5 · 4 = −3.2  (Σ = 4).
  // With b = 1: ρ(b) = 1 + 0.5 = 1.5, z = 4;  R_1 = 4.5,  R_2 = −2.
  auto layer = dense_layer(rows({{3.0f}, {-1.0f}}), values({1.0f}));
  const Tensor a = rows({{1.0f, 2.0f}});
  layer->forward(a);
  const GammaRule rule{0.5f, 0.0f};
  check_close(propagate(LinearLayer(*layer), a, rows({{4.0f}}), rule, false), {7.2, -3.2});
  check_close(propagate(LinearLayer(*layer), a, rows({{4.0f}}), rule, true), {4.5, -2.0});
  // γ = 0 is LRP-0: z = 1, R = (12, −8).
  check_close(propagate(LinearLayer(*layer), a, rows({{4.0f}}), GammaRule{0.0f, 0.0f}, false),
              {12.0, -8.0});
}

TEST_CASE("LRP-gamma equals eq. (6) as loops on Dense and Conv2d layers") {
  const double gamma = 0.25;
  for (const bool with_bias : {true, false}) {
    for (auto& c : rule_cases(0.0f, 1.0f, 30)) {
      INFO(c.name << (with_bias ? ", biases take relevance" : ", biases take none"));
      auto contribution = [&](std::size_t, double a, double w) {
        return a * (w + gamma * std::max(w, 0.0));  // a_i (w_ij + γ w_ij⁺)
      };
      auto bias_term = [&](double b) { return with_bias ? b + gamma * std::max(b, 0.0) : 0.0; };
      const auto z = reference_denominators(c.connections, c.x, c.weight(), c.bias(),
                                            c.relevance.size(), contribution, bias_term, 1e-9);
      CHECK(keep_well_conditioned(c.relevance, z) >= c.relevance.size() * 3 / 4);
      check_close(
          propagate(linear(c), c.x, c.relevance, GammaRule{static_cast<float>(gamma)}, with_bias),
          reference_relevance(c.connections, c.x, c.weight(), c.bias(), c.relevance, contribution,
                              bias_term, 1e-9));
    }
  }
}

}  // namespace test_gamma
