// Taylor decomposition (explain/taylor.hpp, docs/math/explanations.md eqs. 2–4): exact on a linear
// model, exact for simple Taylor on a bias-free ReLU network, and on a smooth network a remainder
// that shrinks quadratically as the root point approaches x. The root search (eq. 9): the first
// root on a path, not another one; the origin on a bias-free network's ray; paths without a root.
//
// Shapes: inputs N×D or N×1×2×2, logits N×K.
#include <doctest/doctest.h>

#include <cmath>

#include "explain/taylor.hpp"
#include "framework/errors.hpp"
#include "framework/model_spec.hpp"
#include "lrp_reference.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_taylor {

using namespace glassbox;
using namespace glassbox::explain;
using namespace glassbox::testing;

TEST_CASE("On a linear model simple Taylor is w * x per feature, and general Taylor is exact") {
  Sequential model = build_model("dense:3", {4}, 1);
  *model.layer(0).parameters()[1].value = values({0.5f, -0.2f, 0.1f});
  const Tensor& weight = *model.layer(0).parameters()[0].value;
  const Tensor x = random_tensor({5, 4}, 2);
  const Explanation simple = simple_taylor(model, x);
  for (std::size_t n = 0; n < 5; ++n) {
    const auto c = static_cast<std::size_t>(simple.targets[n]);
    for (std::size_t i = 0; i < 4; ++i) {
      CHECK(simple.relevance(n, i) == doctest::Approx(weight(i, c) * x(n, i)));
    }
  }
  // R_i = (x_i − x̃_i) w_ic and Σ R = f(x) − f(x̃) exactly, the bias cancelling.
  const Tensor root = random_tensor({5, 4}, 3);
  const TaylorExplanation general = taylor_decomposition(model, x, root);
  CHECK(general.targets == simple.targets);
  for (std::size_t n = 0; n < 5; ++n) {
    const auto c = static_cast<std::size_t>(general.targets[n]);
    for (std::size_t i = 0; i < 4; ++i) {
      CHECK(general.relevance(n, i) == doctest::Approx(weight(i, c) * (x(n, i) - root(n, i))));
    }
    CHECK(sample_sum(general.relevance, n) ==
          doctest::Approx(general.outputs[n] - general.root_outputs[n]).epsilon(1e-5));
  }
}

TEST_CASE("Simple Taylor on a bias-free ReLU network adds up to f(x)") {
  // f(t·x) = t·f(x) for t > 0, so Σ_i x_i ∂f/∂x_i = f(x) (Euler's theorem for degree 1).
  Sequential model = build_model("flatten,dense:8,relu,dense:6,relu,dense:3", {1, 2, 2}, 4);
  const Tensor x = random_tensor({4, 1, 2, 2}, 5);
  const Explanation explanation = simple_taylor(model, x);
  for (std::size_t n = 0; n < 4; ++n) {
    CHECK(sample_sum(explanation.relevance, n) ==
          doctest::Approx(explanation.outputs[n]).epsilon(1e-4));
  }
}

TEST_CASE("General Taylor on a smooth network: the remainder is second order in x - root") {
  // f(x) − f(x̃) − Σ R = O(‖x − x̃‖²): halving the distance divides the remainder by about 4.
  Sequential model = build_model("flatten,dense:6,tanh,dense:3", {1, 2, 2}, 6);
  const Tensor x = random_tensor({1, 1, 2, 2}, 7);
  const Tensor direction = random_tensor({1, 1, 2, 2}, 8);
  auto remainder = [&](float distance) {
    const Tensor root = x - distance * direction;
    const TaylorExplanation e = taylor_decomposition(model, x, root, {1});
    return std::abs(e.outputs[0] - e.root_outputs[0] - sample_sum(e.relevance, 0));
  };
  const double far = remainder(0.4f), near = remainder(0.2f);
  INFO("remainder at 0.4: " << far << ", at 0.2: " << near);
  CHECK(far > 1e-4);
  CHECK(far / near == doctest::Approx(4.0).epsilon(0.25));
}

TEST_CASE("A root of one sample's shape serves every sample; other shapes are errors") {
  Sequential model = build_model("flatten,dense:6,tanh,dense:3", {1, 2, 2}, 9);
  const Tensor x = random_tensor({3, 1, 2, 2}, 10);
  Tensor one = random_tensor({1, 2, 2}, 11);
  Tensor all = Tensor::from_shape({3, 1, 2, 2});
  for (std::size_t i = 0; i < all.size(); ++i) all.data()[i] = one.data()[i % 4];
  CHECK(taylor_decomposition(model, x, one).relevance ==
        taylor_decomposition(model, x, all).relevance);
  CHECK_THROWS_AS(taylor_decomposition(model, x, random_tensor({2, 2}, 12)), ArgumentError);
}

namespace {

// f(x) = |x| − 1 on one number: relu(x) + relu(−x) − 1, which has roots at −1 and 1.
Sequential absolute_value_minus_one() {
  Sequential model = build_model("dense:2,relu,dense:1", {1}, 1);
  *model.layer(0).parameters()[0].value = rows({{1.0f, -1.0f}});
  *model.layer(0).parameters()[1].value = values({0.0f, 0.0f});
  *model.layer(2).parameters()[0].value = rows({{1.0f}, {1.0f}});
  *model.layer(2).parameters()[1].value = values({-1.0f});
  return model;
}

}  // namespace

TEST_CASE("The root search finds the first root on the path, by bisection") {
  // From x = 2 along d = −4: f(p(t)) = |2 − 4t| − 1 is 0 at t = 1/4 and again at t = 3/4.
  Sequential model = absolute_value_minus_one();
  const RootPoint root = first_root_on_path(model, rows({{2.0f}}), rows({{-4.0f}}));
  REQUIRE(root.found[0]);
  CHECK(root.steps[0] == doctest::Approx(0.25).epsilon(1e-6));
  CHECK(root.points(0, 0) == doctest::Approx(1.0).epsilon(1e-6));
  CHECK(root.outputs[0] <= 0.0f);
  CHECK(root.outputs[0] == doctest::Approx(0.0).scale(1).epsilon(1e-6));
  // The box [1.5, 3] keeps the path from ever reaching 1: no root, and x̃ is the path's end.
  RootSearch box;
  box.low = 1.5f;
  box.high = 3.0f;
  const RootPoint none = first_root_on_path(model, rows({{2.0f}}), rows({{-4.0f}}), {}, box);
  CHECK_FALSE(none.found[0]);
  CHECK(none.steps[0] == 1.0f);
  CHECK(none.points(0, 0) == 1.5f);
  CHECK(none.outputs[0] == doctest::Approx(0.5f));
  // A sample already at or below 0 is its own root.
  const RootPoint own = first_root_on_path(model, rows({{0.5f}}), rows({{1.0f}}));
  CHECK(own.found[0]);
  CHECK(own.steps[0] == 0.0f);
  CHECK(own.points(0, 0) == 0.5f);
}

TEST_CASE("On a bias-free ReLU network the first root on the segment to 0 is 0 itself") {
  // f(t·x) = t·f(x): on the segment from x to 0 the logit reaches 0 only at the end.
  Sequential model = build_model("flatten,dense:8,relu,dense:6,relu,dense:3", {1, 2, 2}, 4);
  for (Parameter& parameter : model.parameters()) {
    if (parameter.name == "bias") parameter.value->fill(0.0f);
  }
  const Tensor x = random_tensor({6, 1, 2, 2}, 5, 0.0f, 1.0f);
  const RootPoint root = first_root_on_path(model, x, -x);
  const Tensor logits = model.predict(x);
  std::size_t positive = 0;
  for (std::size_t n = 0; n < 6; ++n) {
    INFO("sample " << n);
    CHECK(root.found[n]);
    // A sample whose logit is already ≤ 0 is its own root; the others reach 0 only at t = 1.
    if (logits(n, static_cast<std::size_t>(root.targets[n])) <= 0.0f) {
      CHECK(root.steps[n] == 0.0f);
      continue;
    }
    ++positive;
    CHECK(root.steps[n] == 1.0f);
    for (std::size_t j = 0; j < 4; ++j) CHECK(root.points.data()[n * 4 + j] == 0.0f);
  }
  CHECK(positive >= 2);
}

TEST_CASE("A root search direction of another shape is refused") {
  Sequential model = absolute_value_minus_one();
  CHECK_THROWS_AS(first_root_on_path(model, rows({{2.0f}}), rows({{1.0f, 2.0f}})), ArgumentError);
}

}  // namespace test_taylor
