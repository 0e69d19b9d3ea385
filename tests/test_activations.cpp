// The activation layers ReLU, Tanh and Sigmoid: values at chosen points and finite-difference
// gradients (away from ReLU's kink at 0).
#include <doctest/doctest.h>

#include <cmath>

#include <xtensor/xmath.hpp>

#include "framework/layers/relu.hpp"
#include "framework/layers/sigmoid.hpp"
#include "framework/layers/tanh.hpp"
#include "gradient_check.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_activations {

using namespace glassbox;
using glassbox::testing::check_gradients;
using glassbox::testing::random_tensor;

// Keeps every entry at least `margin` away from zero so ReLU's kink stays out of the differences.
static Tensor away_from_zero(Tensor t, float margin) {
  for (float& v : t) v = v >= 0 ? v + margin : v - margin;
  return t;
}

TEST_CASE("ReLU forward and gradients") {
  ReLU relu;
  CHECK(relu.forward(Tensor{{-1, 0, 2}}) == Tensor{{0, 0, 2}});
  check_gradients(relu, away_from_zero(random_tensor({2, 3, 4}, 4), 0.05f));
}

TEST_CASE("Tanh forward and gradients") {
  Tanh tanh_layer;
  CHECK(xt::allclose(tanh_layer.forward(Tensor{{0.5f, -1.0f}}),
                     Tensor{{std::tanh(0.5f), std::tanh(-1.0f)}}));
  check_gradients(tanh_layer, random_tensor({3, 5}, 5, -2, 2));
}

TEST_CASE("Sigmoid forward and gradients") {
  Sigmoid sigmoid;
  CHECK(xt::allclose(sigmoid.forward(Tensor{{0.0f, 100.0f, -100.0f}}), Tensor{{0.5f, 1.0f, 0.0f}}));
  check_gradients(sigmoid, random_tensor({3, 5}, 6, -3, 3));
}

}  // namespace test_activations
