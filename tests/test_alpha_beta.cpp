// LRP-αβ (docs/math/lrp.md eq. 8): values by hand, the α − β = 1 convention, and the equation
// written as plain loops (lrp_reference.hpp) on Dense and Conv2d layers, with inputs a ≥ 0 and
// inputs of either sign (each contribution a_i w_ij split by its own sign).
//
// Shapes: Dense a N×D, W D×K, R N×K; Conv2d a N×C×H×W, W F×C×kh×kw, R N×F×OH×OW.
#include <doctest/doctest.h>

#include <algorithm>

#include "explain/lrp/propagate.hpp"
#include "explain/lrp/rules/alpha_beta.hpp"
#include "explain/lrp/rules/z_plus.hpp"
#include "framework/errors.hpp"
#include "lrp_reference.hpp"
#include "rule_case_layer.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_alpha_beta {

using namespace glassbox;
using namespace glassbox::explain;
using namespace glassbox::testing;

TEST_CASE("LRP-alpha-beta by hand: the two parts and their combination") {
  // a = (1, 2), w = (3, −1), no bias, R = 4.
  // Positive part: a w⁺ = (3, 0), z⁺ = 3:    R⁺ = (3/3 · 4, 0) = (4, 0).
  // Negative part: a w⁻ = (0, −2), z⁻ = −2:  R⁻ = (0, −2/−2 · 4) = (0, 4).
  // α2β1: 2 · (4, 0) − 1 · (0, 4) = (8, −4), Σ = 4.   α1β0: (4, 0).
  auto layer = dense_layer(rows({{3.0f}, {-1.0f}}), values({0.0f}));
  const Tensor a = rows({{1.0f, 2.0f}});
  layer->forward(a);
  const Tensor relevance = rows({{4.0f}});
  check_close(propagate(LinearLayer(*layer), a, relevance, AlphaBetaRule{2.0f, 1.0f}, false),
              {8.0, -4.0});
  check_close(propagate(LinearLayer(*layer), a, relevance, AlphaBetaRule{1.0f, 0.0f}, false),
              {4.0, 0.0});
}

TEST_CASE("LRP-alpha-beta needs alpha - beta = 1 and names the other convention") {
  auto layer = dense_layer(rows({{3.0f}, {-1.0f}}), values({0.0f}));
  const Tensor a = rows({{1.0f, 2.0f}});
  layer->forward(a);
  // α2β−1 in the α + β = 1 convention of older toolboxes is α2β1 here.
  CHECK_THROWS_WITH_AS(
      propagate(LinearLayer(*layer), a, rows({{4.0f}}), AlphaBetaRule{2.0f, -1.0f}, false),
      doctest::Contains("alpha + beta = 1"), ArgumentError);
}

TEST_CASE("LRP-alpha-beta by hand on signed inputs") {
  // a = (1, −2), w = (3, 1), no bias, R = 4. Contributions a w = 3, −2.
  // Positive part: (a w)⁺ = (3, 0), z⁺ = 3:    R⁺ = (4, 0).
  // Negative part: (a w)⁻ = (0, −2), z⁻ = −2:  R⁻ = (0, 4).
  // α2β1: (8, −4). (Reading a w⁺ and a w⁻ instead: a w⁺ = (3, −2), a w⁻ = (0, 0).)
  auto layer = dense_layer(rows({{3.0f}, {1.0f}}), values({0.0f}));
  const Tensor a = rows({{1.0f, -2.0f}});
  check_close(propagate(LinearLayer(*layer), a, rows({{4.0f}}), AlphaBetaRule{2.0f, 1.0f}, false),
              {8.0, -4.0});
}

TEST_CASE("LRP-alpha1-beta0 is the z-plus rule, for inputs of either sign") {
  for (auto& c : rule_cases(-1.0f, 1.0f, 50)) {
    INFO(c.name);
    const Tensor alpha_beta = propagate(linear(c), c.x, c.relevance, AlphaBetaRule{}, true);
    const Tensor z_plus = propagate(linear(c), c.x, c.relevance, ZPlusRule{}, true);
    check_close(alpha_beta, std::vector<double>(z_plus.begin(), z_plus.end()));
  }
}

TEST_CASE("LRP-alpha-beta equals eq. (8) as loops on Dense and Conv2d layers") {
  for (const float low : {0.0f, -1.0f}) {
    for (const bool with_bias : {true, false}) {
      for (const auto& [alpha, beta] :
           {std::pair{1.0, 0.0}, std::pair{2.0, 1.0}, std::pair{1.5, 0.5}}) {
        for (auto& c : rule_cases(low, 1.0f, 60)) {
          INFO(c.name << ", inputs in [" << low << ", 1], alpha " << alpha << ", beta " << beta
                      << (with_bias ? ", biases take relevance" : ", biases take none"));
          auto positive = [](std::size_t, double a, double w) { return std::max(a * w, 0.0); };
          auto negative = [](std::size_t, double a, double w) { return std::min(a * w, 0.0); };
          auto positive_bias = [&](double b) { return with_bias ? std::max(b, 0.0) : 0.0; };
          auto negative_bias = [&](double b) { return with_bias ? std::min(b, 0.0) : 0.0; };
          const std::size_t outputs = c.relevance.size();
          const auto z_positive = reference_denominators(c.connections, c.x, c.weight(), c.bias(),
                                                         outputs, positive, positive_bias, 1e-9);
          const auto z_negative = reference_denominators(c.connections, c.x, c.weight(), c.bias(),
                                                         outputs, negative, negative_bias, 1e-9);
          CHECK(keep_well_conditioned(c.relevance, z_positive) >= outputs * 3 / 4);
          CHECK(keep_well_conditioned(c.relevance, z_negative) >= outputs * 3 / 4);
          const auto r_positive = reference_relevance(c.connections, c.x, c.weight(), c.bias(),
                                                      c.relevance, positive, positive_bias, 1e-9);
          const auto r_negative = reference_relevance(c.connections, c.x, c.weight(), c.bias(),
                                                      c.relevance, negative, negative_bias, 1e-9);
          std::vector<double> expected(r_positive.size());
          for (std::size_t i = 0; i < expected.size(); ++i) {
            expected[i] = alpha * r_positive[i] - beta * r_negative[i];
          }
          const AlphaBetaRule rule{static_cast<float>(alpha), static_cast<float>(beta)};
          check_close(propagate(linear(c), c.x, c.relevance, rule, with_bias), expected);
        }
      }
    }
  }
}

}  // namespace test_alpha_beta
