// The z⁺-rule (docs/math/lrp.md eq. 7): values by hand, and the equation written as plain loops
// (lrp_reference.hpp) on Dense and Conv2d layers, with inputs a ≥ 0 (ReLU outputs) and inputs of
// either sign (embeddings, tanh outputs), where the positive part of a_i w_ij is not a_i w_ij⁺.
//
// Shapes: Dense a N×D, W D×K, R N×K; Conv2d a N×C×H×W, W F×C×kh×kw, R N×F×OH×OW.
#include <doctest/doctest.h>

#include <algorithm>

#include "explain/lrp/propagate.hpp"
#include "explain/lrp/rules/z_plus.hpp"
#include "lrp_reference.hpp"
#include "rule_case_layer.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_z_plus {

using namespace glassbox;
using namespace glassbox::explain;
using namespace glassbox::testing;

TEST_CASE("z-plus by hand: negative weights take nothing") {
  // a = (1, 2, 0.5), w = (3, −1, 2), R = 5.
  // ρ(w) = w⁺ = (3, 0, 2); contributions 3, 0, 1; z = 4.
  // Without bias: R = (3/4 · 5, 0, 1/4 · 5) = (3.75, 0, 1.25).
  // With b = 1 (ρ(b) = b⁺ = 1): z = 5, R = (3, 0, 1); b = −1 (b⁺ = 0): as without.
  const Tensor a = rows({{1.0f, 2.0f, 0.5f}});
  const Tensor w = rows({{3.0f}, {-1.0f}, {2.0f}});
  const Tensor relevance = rows({{5.0f}});
  auto positive_bias = dense_layer(w, values({1.0f}));
  auto negative_bias = dense_layer(w, values({-1.0f}));
  check_close(propagate(LinearLayer(*positive_bias), a, relevance, ZPlusRule{}, false),
              {3.75, 0.0, 1.25});
  check_close(propagate(LinearLayer(*positive_bias), a, relevance, ZPlusRule{}, true),
              {3.0, 0.0, 1.0});
  check_close(propagate(LinearLayer(*negative_bias), a, relevance, ZPlusRule{}, true),
              {3.75, 0.0, 1.25});
}

TEST_CASE("z-plus by hand: a negative input on a negative weight contributes positively") {
  // a = (1, −2, 0.5), w = (3, −1, −2), R = 5, no bias.
  // Contributions a_i w_i = 3, 2, −1; positive parts (a w)⁺ = 3, 2, 0; z = 5.
  // R = (3/5 · 5, 2/5 · 5, 0) = (3, 2, 0). (Reading a_i w_i⁺ instead would give 3, 0, 0.)
  auto layer = dense_layer(rows({{3.0f}, {-1.0f}, {-2.0f}}), values({0.0f}));
  const Tensor a = rows({{1.0f, -2.0f, 0.5f}});
  check_close(propagate(LinearLayer(*layer), a, rows({{5.0f}}), ZPlusRule{}, true),
              {3.0, 2.0, 0.0});
}

TEST_CASE("z-plus equals eq. (7) as loops on Dense and Conv2d layers, inputs >= 0 or signed") {
  for (const auto& [low, seed] : {std::pair{0.0f, 40}, std::pair{-1.0f, 45}}) {
    for (const bool with_bias : {true, false}) {
      for (auto& c : rule_cases(low, 1.0f, seed)) {
        INFO(c.name << ", inputs in [" << low << ", 1]"
                    << (with_bias ? ", biases take relevance" : ", biases take none"));
        auto contribution = [](std::size_t, double a, double w) {
          return std::max(a * w, 0.0);  // (a_i w_ij)⁺
        };
        auto bias_term = [&](double b) { return with_bias ? std::max(b, 0.0) : 0.0; };
        const auto z = reference_denominators(c.connections, c.x, c.weight(), c.bias(),
                                              c.relevance.size(), contribution, bias_term, 1e-9);
        CHECK(keep_well_conditioned(c.relevance, z) >= c.relevance.size() * 3 / 4);
        check_close(propagate(linear(c), c.x, c.relevance, ZPlusRule{}, with_bias),
                    reference_relevance(c.connections, c.x, c.weight(), c.bias(), c.relevance,
                                        contribution, bias_term, 1e-9));
      }
    }
  }
}

}  // namespace test_z_plus
