// The zᴮ-rule (docs/math/lrp.md eq. 9): values by hand, a bias that takes no part, bounds that do
// not hold, and the equation written as plain loops (lrp_reference.hpp) on Dense and Conv2d layers
// with random biases, with uniform and per-feature bounds and inputs of both signs.
//
// Shapes: Dense x N×D, W D×K, R N×K; Conv2d x N×C×H×W, W F×C×kh×kw, R N×F×OH×OW; bounds [1] or
// one sample's shape.
#include <doctest/doctest.h>

#include <algorithm>

#include "explain/lrp/propagate.hpp"
#include "explain/lrp/rules/z_box.hpp"
#include "framework/errors.hpp"
#include "lrp_reference.hpp"
#include "rule_case_layer.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_z_box {

using namespace glassbox;
using namespace glassbox::explain;
using namespace glassbox::testing;

TEST_CASE("z-box by hand: two inputs of opposite sign in [-1, 1]") {
  // x = (0.5, −0.5), l = −1, h = 1, w = (2, −1), R = 3.
  // q_1 = x_1 w_1 − l w_1⁺ − h w_1⁻ = 1 + 2 − 0 = 3
  // q_2 = x_2 w_2 − l w_2⁺ − h w_2⁻ = 0.5 − 0 + 1 = 1.5
  // z = 4.5;  R_1 = 3/4.5 · 3 = 2,  R_2 = 1.5/4.5 · 3 = 1.
  auto layer = dense_layer(rows({{2.0f}, {-1.0f}}), values({0.0f}));
  const Tensor x = rows({{0.5f, -0.5f}});
  layer->forward(x);
  check_close(propagate(LinearLayer(*layer), x, rows({{3.0f}}), ZBoxRule(-1.0f, 1.0f), false),
              {2.0, 1.0});
  // Pixels in [0, 1]: x = (0.5, 1), l = 0, h = 1: q_1 = 1 − 0 − 0 = 1, q_2 = −1 − 0 + 1 = 0.
  // x_2 = h is already as "against" as it can be, so it gets nothing: R = (3, 0).
  const Tensor pixels = rows({{0.5f, 1.0f}});
  layer->forward(pixels);
  check_close(propagate(LinearLayer(*layer), pixels, rows({{3.0f}}), ZBoxRule(0.0f, 1.0f), false),
              {3.0, 0.0});
}

TEST_CASE("z-box by hand: the bias takes no part, whether biases take relevance or not") {
  // The first case above with a bias b = −2. Eq. (9) has no bias term: z = 4.5 and R = (2, 1) as
  // before, Σ R = 3 = R_j. Had b joined the denominator, z = 2.5 and R = (3.6, 1.8): the layer
  // would create 2.4 of relevance out of a negative bias.
  auto layer = dense_layer(rows({{2.0f}, {-1.0f}}), values({-2.0f}));
  const Tensor x = rows({{0.5f, -0.5f}});
  layer->forward(x);
  for (const bool with_bias : {true, false}) {
    INFO((with_bias ? "biases take relevance" : "biases take none"));
    check_close(propagate(LinearLayer(*layer), x, rows({{3.0f}}), ZBoxRule(-1.0f, 1.0f), with_bias),
                {2.0, 1.0});
  }
}

TEST_CASE("z-box refuses inputs outside their bounds") {
  auto layer = dense_layer(rows({{2.0f}, {-1.0f}}), values({0.0f}));
  const Tensor x = rows({{0.5f, -0.5f}});
  layer->forward(x);
  CHECK_THROWS_WITH_AS(
      propagate(LinearLayer(*layer), x, rows({{3.0f}}), ZBoxRule(0.0f, 1.0f), false),
      doctest::Contains("outside its bounds"), ArgumentError);
}

TEST_CASE("z-box equals eq. (9) as loops on Dense and Conv2d layers") {
  for (const bool per_feature : {false, true}) {
    for (const bool with_bias : {true, false}) {
      for (auto& c : rule_cases(-1.0f, 1.0f, 70)) {
        INFO(c.name << (per_feature ? ", per-feature bounds" : ", bounds [-1, 1]")
                    << (with_bias ? ", biases take relevance" : ", biases take none"));
        const Shape sample(c.x.shape().begin() + 1, c.x.shape().end());
        // Per feature: l_i in [−1.5, −1], h_i in [1, 1.5], so −1 ≤ x_i ≤ 1 lies inside.
        const Tensor low = per_feature ? random_tensor(sample, 71, -1.5f, -1.0f) : values({-1.0f});
        const Tensor high = per_feature ? random_tensor(sample, 72, 1.0f, 1.5f) : values({1.0f});
        const std::size_t sample_size = c.x.size() / c.x.shape(0);
        auto contribution = [&](std::size_t i, double x, double w) {
          const std::size_t feature = per_feature ? i % sample_size : 0;
          const double l = low.data()[feature], h = high.data()[feature];
          return x * w - l * std::max(w, 0.0) - h * std::min(w, 0.0);  // x_i w − l_i w⁺ − h_i w⁻
        };
        auto bias_term = [](double) { return 0.0; };  // eq. (9) has none
        const auto z = reference_denominators(c.connections, c.x, c.weight(), c.bias(),
                                              c.relevance.size(), contribution, bias_term, 1e-9);
        CHECK(keep_well_conditioned(c.relevance, z) >= c.relevance.size() * 3 / 4);
        check_close(propagate(linear(c), c.x, c.relevance, ZBoxRule(low, high), with_bias),
                    reference_relevance(c.connections, c.x, c.weight(), c.bias(), c.relevance,
                                        contribution, bias_term, 1e-9));
      }
    }
  }
}

TEST_CASE("z-box bounds: one per feature in any shape, or an error for the wrong count") {
  // A Dense layer after a Flatten sees N×6 inputs; bounds written for 1×2×3 samples still fit.
  auto layer = random_dense(6, 4, 100);
  const Tensor x = random_tensor({3, 6}, 101, -1.0f, 1.0f);
  layer->forward(x);
  const Tensor relevance = random_tensor({3, 4}, 102);
  Tensor low = random_tensor({1, 2, 3}, 103, -1.5f, -1.0f);
  Tensor high = random_tensor({1, 2, 3}, 104, 1.0f, 1.5f);
  const Tensor image_bounds =
      propagate(LinearLayer(*layer), x, relevance, ZBoxRule(low, high), true);
  low.reshape({6});
  high.reshape({6});
  const Tensor flat_bounds =
      propagate(LinearLayer(*layer), x, relevance, ZBoxRule(low, high), true);
  CHECK(image_bounds == flat_bounds);
  CHECK_THROWS_WITH_AS(propagate(LinearLayer(*layer), x, relevance,
                                 ZBoxRule(random_tensor({5}, 105, -2.0f, -1.0f), high), true),
                       doctest::Contains("one per feature"), ArgumentError);
}

}  // namespace test_z_box
