// The w²-rule (docs/math/lrp.md eq. 10): values by hand, independence from the input, and the
// equation written as plain loops (lrp_reference.hpp) on Dense and Conv2d layers.
//
// Shapes: Dense x N×D, W D×K, R N×K; Conv2d x N×C×H×W, W F×C×kh×kw, R N×F×OH×OW.
#include <doctest/doctest.h>

#include "explain/lrp/propagate.hpp"
#include "explain/lrp/rules/w_square.hpp"
#include "lrp_reference.hpp"
#include "rule_case_layer.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_w_square {

using namespace glassbox;
using namespace glassbox::explain;
using namespace glassbox::testing;

TEST_CASE("w-square by hand: shares by squared weights, whatever the input") {
  // W (inputs × outputs) = [[2, 1], [−1, 1]], R = (5, 2) at the outputs.
  // Output 1: w² = (4, 1), Σ = 5: shares 4/5 · 5 = 4 and 1/5 · 5 = 1.
  // Output 2: w² = (1, 1), Σ = 2: shares 1 and 1.
  // R_in = (4 + 1, 1 + 1) = (5, 2), for any x and whatever the bias.
  auto layer = dense_layer(rows({{2.0f, 1.0f}, {-1.0f, 1.0f}}), values({3.0f, -7.0f}));
  for (const Tensor& x : {rows({{0.3f, -4.0f}}), rows({{100.0f, 0.0f}})}) {
    layer->forward(x);
    check_close(propagate(LinearLayer(*layer), x, rows({{5.0f, 2.0f}}), WSquareRule{}, true),
                {5.0, 2.0});
  }
}

TEST_CASE("w-square equals eq. (10) as loops on Dense and Conv2d layers") {
  for (auto& c : rule_cases(-3.0f, 3.0f, 80)) {
    INFO(c.name);
    auto contribution = [](std::size_t, double, double w) { return w * w; };  // w_ij²
    auto no_bias = [](double) { return 0.0; };
    check_close(propagate(linear(c), c.x, c.relevance, WSquareRule{}, true),
                reference_relevance(c.connections, c.x, c.weight(), c.bias(), c.relevance,
                                    contribution, no_bias, 1e-9));
  }
}

}  // namespace test_w_square
