// Taylor decomposition (explain/taylor.hpp, docs/math/explanations.md eqs. 2–4): exact on a linear
// model, exact for simple Taylor on a bias-free ReLU network, and on a smooth network a remainder
// that shrinks quadratically as the root point approaches x.
//
// Shapes: inputs N×D or N×1×2×2, logits N×K.
#include <doctest/doctest.h>

#include <cmath>

#include "explain/taylor.hpp"
#include "framework/errors.hpp"
#include "framework/model_spec.hpp"
#include "lrp_reference.hpp"

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
