// The flat rule (docs/math/lrp.md eq. 11): values by hand (dense, and a padded convolution whose
// border outputs see fewer inputs), and the equation written as plain loops (lrp_reference.hpp)
// on Dense and Conv2d layers.
//
// Shapes: Dense x N×D, W D×K, R N×K; Conv2d x N×C×H×W, W F×C×kh×kw, R N×F×OH×OW.
#include <doctest/doctest.h>

#include <xtensor/xbuilder.hpp>

#include "explain/lrp/propagate.hpp"
#include "explain/lrp/rules/flat.hpp"
#include "lrp_reference.hpp"
#include "rule_case_layer.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_flat {

using namespace glassbox;
using namespace glassbox::explain;
using namespace glassbox::testing;

TEST_CASE("flat by hand: equal shares") {
  // Two inputs, two outputs, R = (5, 2): each output splits its relevance in halves:
  // R_in = (2.5 + 1, 2.5 + 1) = (3.5, 3.5), whatever the weights and inputs.
  auto layer = dense_layer(rows({{2.0f, 1.0f}, {-1.0f, 1.0f}}), values({3.0f, -7.0f}));
  const Tensor x = rows({{0.3f, -4.0f}});
  layer->forward(x);
  check_close(propagate(LinearLayer(*layer), x, rows({{5.0f, 2.0f}}), FlatRule{}, true),
              {3.5, 3.5});
}

TEST_CASE("flat by hand: a padded convolution's corner output shares among its 4 real inputs") {
  // 3×3 image, one 3×3 filter, padding 1: the top-left output's window covers 4 pixels of the
  // image (the other 5 taps are padding), so R = 4 there gives 1 to each of pixels (0,0), (0,1),
  // (1,0), (1,1) and nothing elsewhere.
  auto layer = conv_layer(1, 1, 3, 1, 1, 3);
  const Tensor x = random_tensor({1, 1, 3, 3}, 4);
  layer->forward(x);
  Tensor relevance = xt::zeros<float>({1, 1, 3, 3});
  relevance(0, 0, 0, 0) = 4.0f;
  check_close(propagate(LinearLayer(*layer), x, relevance, FlatRule{}, true),
              {1, 1, 0, 1, 1, 0, 0, 0, 0});
}

TEST_CASE("flat equals eq. (11) as loops on Dense and Conv2d layers") {
  for (auto& c : rule_cases(-1.0f, 1.0f, 90)) {
    INFO(c.name);
    auto contribution = [](std::size_t, double, double) { return 1.0; };
    auto no_bias = [](double) { return 0.0; };
    check_close(propagate(linear(c), c.x, c.relevance, FlatRule{}, true),
                reference_relevance(c.connections, c.x, c.weight(), c.bias(), c.relevance,
                                    contribution, no_bias, 1e-9));
  }
}

}  // namespace test_flat
