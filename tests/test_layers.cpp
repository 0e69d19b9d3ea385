// Forward values and finite-difference gradient checks for the elementwise and dense layers.
#include <doctest/doctest.h>

#include <xtensor/xmath.hpp>

#include "framework/errors.hpp"
#include "framework/layers/dense.hpp"
#include "framework/layers/dropout.hpp"
#include "framework/layers/flatten.hpp"
#include "framework/layers/registry.hpp"
#include "framework/layers/relu.hpp"
#include "framework/layers/sigmoid.hpp"
#include "framework/layers/tanh.hpp"
#include "gradient_check.hpp"

using namespace glassbox;
using glassbox::testing::check_gradients;
using glassbox::testing::random_tensor;

// Keeps every entry at least `margin` away from zero so ReLU's kink stays out of the differences.
static Tensor away_from_zero(Tensor t, float margin) {
  for (float& v : t) v = v >= 0 ? v + margin : v - margin;
  return t;
}

TEST_CASE("Dense computes x·W + b") {
  Rng rng(1);
  Dense dense(2, 3, Initializer::he, rng);
  auto params = dense.parameters();
  *params[0].value = Tensor{{1, 2, 3}, {4, 5, 6}};
  *params[1].value = Tensor{0.5f, -0.5f, 1.0f};
  const Tensor& y = dense.forward(Tensor{{1, -1}, {2, 0.5f}});
  const Tensor expected{{-2.5f, -3.5f, -2.0f}, {4.5f, 6.0f, 10.0f}};
  CHECK(xt::allclose(y, expected));
}

TEST_CASE("Dense gradients match finite differences") {
  Rng rng(2);
  Dense dense(5, 4, Initializer::glorot, rng);
  check_gradients(dense, random_tensor({3, 5}, 3));
}

TEST_CASE("Dense rejects inputs of the wrong width") {
  Rng rng(2);
  Dense dense(5, 4, Initializer::he, rng);
  CHECK_THROWS_AS(dense.forward(random_tensor({3, 6}, 3)), ArgumentError);
  CHECK_THROWS_AS(dense.output_shape({1, 28, 28}), ArgumentError);
}

TEST_CASE("He and Glorot initialisation have the intended spread and are seeded") {
  Rng first(7), second(7);
  Dense a(400, 300, Initializer::he, first), b(400, 300, Initializer::he, second);
  CHECK(a.weight() == b.weight());
  const double variance = xt::variance(a.weight())();
  CHECK(variance == doctest::Approx(2.0 / 400).epsilon(0.05));
  Rng third(8);
  Dense c(400, 300, Initializer::glorot, third);
  const double limit = std::sqrt(6.0 / 700);
  CHECK(xt::amax(xt::abs(c.weight()))() <= limit);
  CHECK(xt::variance(c.weight())() == doctest::Approx(limit * limit / 3).epsilon(0.05));
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

TEST_CASE("Flatten keeps the order and restores the shape on the way back") {
  Flatten flatten;
  const Tensor x = random_tensor({2, 3, 2, 2}, 7);
  const Tensor& y = flatten.forward(x);
  REQUIRE(y.shape() == std::vector<std::size_t>{2, 12});
  CHECK(std::equal(x.begin(), x.end(), y.begin()));
  check_gradients(flatten, x);
  CHECK(flatten.output_shape({3, 2, 2}) == Shape{12});
}

TEST_CASE("Dropout scales kept units in training and is the identity in evaluation") {
  Dropout dropout(0.5f, 11);
  const Tensor x = xt::ones<float>({200, 50});
  CHECK(dropout.forward(x) == x);
  dropout.set_training(true);
  const Tensor y = dropout.forward(x);
  const double kept = xt::sum(xt::cast<double>(xt::equal(y, 2.0f)))();
  CHECK(kept / x.size() == doctest::Approx(0.5).epsilon(0.05));
  CHECK(xt::sum(xt::cast<double>(xt::equal(y, 0.0f)))() + kept == doctest::Approx(x.size()));
  // With the mask frozen the layer is linear: the backward pass is that same mask.
  const Tensor r = random_tensor({200, 50}, 12);
  CHECK(xt::allclose(dropout.backward(r), r * y));
  CHECK_THROWS_AS(Dropout(1.0f, 1), ArgumentError);
}

TEST_CASE("The registry rebuilds layers from their config and names what is wrong") {
  Rng rng(3);
  Dense dense(4, 2, Initializer::glorot, rng);
  auto rebuilt = make_layer("Dense", dense.config(), rng);
  CHECK(rebuilt->config() == dense.config());
  CHECK_THROWS_WITH_AS(make_layer("Dense", {{"inputs", 4}}, rng), doctest::Contains("outputs"),
                       ArgumentError);
  CHECK_THROWS_WITH_AS(make_layer("Convolution", {}, rng), doctest::Contains("unknown layer type"),
                       ArgumentError);
  CHECK_THROWS_AS(make_layer("Dense", {{"inputs", -4}, {"outputs", 2}}, rng), ArgumentError);
}
