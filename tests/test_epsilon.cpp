// LRP-ε (docs/math/lrp.md eq. 5): values by hand (including z = 0, where sign(0) = +1 decides),
// and the equation written as plain loops (lrp_reference.hpp) on Dense and Conv2d layers.
//
// Shapes: Dense a N×D, W D×K, R N×K; Conv2d a N×C×H×W, W F×C×kh×kw, R N×F×OH×OW.
#include <doctest/doctest.h>

#include "explain/lrp/propagate.hpp"
#include "explain/lrp/rules/epsilon.hpp"
#include "lrp_reference.hpp"
#include "rule_case_layer.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_epsilon {

using namespace glassbox;
using namespace glassbox::explain;
using namespace glassbox::testing;

namespace {

Tensor one_output(const Tensor& a, const Tensor& w, float b, float relevance, float epsilon) {
  auto layer = dense_layer(w, values({b}));
  layer->forward(a);
  return propagate(LinearLayer(*layer), a, rows({{relevance}}), EpsilonRule{epsilon}, true);
}

}  // namespace

TEST_CASE("LRP-epsilon by hand: positive, negative and zero z") {
  // a = (1, 2), w = (3, −1), b = 1, ε = 1, R = 4: z = 3 − 2 + 1 = 2 > 0, z + ε = 3.
  // R_1 = 3/3 · 4 = 4,  R_2 = −2/3 · 4 = −8/3; the bias keeps 4/3 and ε keeps 4/3.
  check_close(one_output(rows({{1.0f, 2.0f}}), rows({{3.0f}, {-1.0f}}), 1.0f, 4.0f, 1.0f),
              {4.0, -8.0 / 3.0});
  // w = (−3, 1), b = −1: z = −3 + 2 − 1 = −2 < 0, z − ε = −3 (ε pushes z away from 0).
  // R_1 = −3/−3 · 4 = 4,  R_2 = 2/−3 · 4 = −8/3.
  check_close(one_output(rows({{1.0f, 2.0f}}), rows({{-3.0f}, {1.0f}}), -1.0f, 4.0f, 1.0f),
              {4.0, -8.0 / 3.0});
  // a = (1, 1), w = (1, −1), b = 0: z = 0, and sign(0) = +1 makes it 0 + ε = 1.
  // R_1 = 1/1 · 4 = 4,  R_2 = −1/1 · 4 = −4  (sign(0) = −1 would flip both signs).
  check_close(one_output(rows({{1.0f, 1.0f}}), rows({{1.0f}, {-1.0f}}), 0.0f, 4.0f, 1.0f),
              {4.0, -4.0});
}

TEST_CASE("LRP-epsilon with a large epsilon explains little, with 0 it is LRP-0") {
  // z = 2 as above: with ε = 1000 the inputs share 4 · (3 − 2)/1002 ≈ 0.004 in total.
  const Tensor large =
      one_output(rows({{1.0f, 2.0f}}), rows({{3.0f}, {-1.0f}}), 1.0f, 4.0f, 1000.0f);
  check_close(large, {12.0 / 1002.0, -8.0 / 1002.0});
  check_close(one_output(rows({{1.0f, 2.0f}}), rows({{3.0f}, {-1.0f}}), 1.0f, 4.0f, 0.0f),
              {6.0, -4.0});
}

TEST_CASE(
    "LRP-epsilon equals eq. (5) as loops on Dense and Conv2d layers with inputs of both signs") {
  const double epsilon = 0.25;
  for (const bool with_bias : {true, false}) {
    for (auto& c : rule_cases(-1.0f, 1.0f, 20)) {
      INFO(c.name << (with_bias ? ", biases take relevance" : ", biases take none"));
      auto contribution = [](std::size_t, double a, double w) { return a * w; };  // a_i w_ij
      auto bias_term = [&](double b) { return with_bias ? b : 0.0; };             // b_j
      // With ε = 0.25 every |z_j + ε·sign(z_j)| ≥ 0.25: no output is ill-conditioned.
      const auto z = reference_denominators(c.connections, c.x, c.weight(), c.bias(),
                                            c.relevance.size(), contribution, bias_term, epsilon);
      CHECK(keep_well_conditioned(c.relevance, z) == c.relevance.size());
      check_close(propagate(linear(c), c.x, c.relevance, EpsilonRule{static_cast<float>(epsilon)},
                            with_bias),
                  reference_relevance(c.connections, c.x, c.weight(), c.bias(), c.relevance,
                                      contribution, bias_term, epsilon));
    }
  }
}

}  // namespace test_epsilon
