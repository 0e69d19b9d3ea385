// Relevance through max-pooling (explain/lrp/max_pool.hpp, docs/math/lrp.md eq. 12):
// winner-take-all and proportional redistribution by hand, through a whole model, and with
// overlapping windows against plain loops.
//
// Shapes: a N×C×H×W, R N×C×OH×OW.
#include <doctest/doctest.h>

#include "explain/lrp/lrp.hpp"
#include "explain/lrp/max_pool.hpp"
#include "framework/model_spec.hpp"
#include "lrp_reference.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_lrp_max_pool {

using namespace glassbox;
using namespace glassbox::explain;
using namespace glassbox::testing;

namespace {

// The 4×4 image of test_pooling_layers.cpp: 2×2 windows with maxima 5, 8, 9, 4.
//   1 5 | 2 0
//   3 4 | 8 7
//   ----+----
//   9 6 | 1 1
//   2 0 | 3 4
Tensor example_image() {
  Tensor image = rows({{1, 5, 2, 0}, {3, 4, 8, 7}, {9, 6, 1, 1}, {2, 0, 3, 4}});
  image.reshape({1, 1, 4, 4});
  return image;
}

}  // namespace

TEST_CASE("Max-pool relevance by hand: winner-take-all and proportional") {
  MaxPool2d pool(2);
  pool.forward(example_image());
  Tensor relevance = rows({{13, 17}, {17, 9}});  // each window's sum: 13, 17, 17, 9
  relevance.reshape({1, 1, 2, 2});
  // Winner-take-all: each window's R goes to its maximum (5, 8, 9 and 4).
  check_close(max_pool_relevance(pool, relevance, MaxPoolMode::winner_take_all), {0, 13, 0, 0,  //
                                                                                  0, 0, 17, 0,  //
                                                                                  17, 0, 0, 0,  //
                                                                                  0, 0, 0, 9});
  // Proportional: R_i = a_i / Σ_window a · R_o, and R_o = Σ_window a here, so R_i = a_i.
  check_close(max_pool_relevance(pool, relevance, MaxPoolMode::proportional),
              {1, 5, 2, 0, 3, 4, 8, 7, 9, 6, 1, 1, 2, 0, 3, 4});
}

TEST_CASE("Max-pool modes through a whole model: maxpool, flatten, dense with weights 1") {
  // f(x) = 5 + 8 + 9 + 4 = 26. LRP-0 at the dense layer gives each pooled value its own size,
  // R = (5, 8, 9, 4). Winner-take-all puts those on the maxima; proportional splits each over its
  // window: top-left 5/13 · (1, 5, 3, 4), top-right 8/17 · (2, 0, 8, 7), bottom-left
  // 9/17 · (9, 6, 2, 0), bottom-right 4/9 · (1, 1, 3, 4).
  Sequential model = build_model("maxpool:2,flatten,dense:1", {1, 4, 4}, 1);
  model.layer(2).parameters()[0].value->fill(1.0f);
  const Tensor x = example_image();
  LrpOptions options;
  const LrpExplanation winner = lrp(model, x, {}, make_composite("lrp-0"), options);
  CHECK(winner.outputs[0] == doctest::Approx(26.0));
  check_close(winner.relevance, {0, 5, 0, 0, 0, 0, 8, 0, 9, 0, 0, 0, 0, 0, 0, 4});
  options.max_pool = MaxPoolMode::proportional;
  const LrpExplanation proportional = lrp(model, x, {}, make_composite("lrp-0"), options);
  const double tl = 5.0 / 13, tr = 8.0 / 17, bl = 9.0 / 17, br = 4.0 / 9;
  check_close(proportional.relevance, {1 * tl, 5 * tl, 2 * tr, 0 * tr,  //
                                       3 * tl, 4 * tl, 8 * tr, 7 * tr,  //
                                       9 * bl, 6 * bl, 1 * br, 1 * br,  //
                                       2 * bl, 0 * bl, 3 * br, 4 * br});
  CHECK(winner.conservation.totals[0][0] == doctest::Approx(26.0));
  CHECK(proportional.conservation.totals[0][0] == doctest::Approx(26.0));
}

TEST_CASE("Max-pool relevance with overlapping windows against plain loops") {
  // 3×3 windows, stride 2, on 2×3×7×8 positive inputs: windows share rows and columns.
  const Tensor x = random_tensor({2, 3, 7, 8}, 11, 0.1f, 1.0f);
  MaxPool2d pool(3, 2);
  const Tensor& y = pool.forward(x);
  const Tensor relevance = random_tensor(Shape(y.shape().begin(), y.shape().end()), 12);
  const std::size_t out_height = 3, out_width = 3;
  std::vector<double> winner(x.size(), 0.0), proportional(x.size(), 0.0);
  for (std::size_t plane = 0; plane < 6; ++plane) {
    for (std::size_t oy = 0; oy < out_height; ++oy) {
      for (std::size_t ox = 0; ox < out_width; ++ox) {
        const double r = relevance.data()[(plane * out_height + oy) * out_width + ox];
        double total = 0.0;
        std::size_t best = 0;
        float best_value = -1.0f;
        for (std::size_t u = 0; u < 3; ++u) {
          for (std::size_t v = 0; v < 3; ++v) {
            const std::size_t i = plane * 56 + (2 * oy + u) * 8 + 2 * ox + v;
            total += x.data()[i];
            if (x.data()[i] > best_value) best_value = x.data()[i], best = i;
          }
        }
        winner[best] += r;
        for (std::size_t u = 0; u < 3; ++u) {
          for (std::size_t v = 0; v < 3; ++v) {
            const std::size_t i = plane * 56 + (2 * oy + u) * 8 + 2 * ox + v;
            proportional[i] += x.data()[i] / total * r;
          }
        }
      }
    }
  }
  check_close(max_pool_relevance(pool, relevance, MaxPoolMode::winner_take_all), winner);
  check_close(max_pool_relevance(pool, relevance, MaxPoolMode::proportional), proportional);
}

}  // namespace test_lrp_max_pool
