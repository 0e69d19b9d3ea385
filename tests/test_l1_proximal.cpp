// The L1 penalty as a proximal step (framework/optimizers/l1_proximal): soft thresholding against
// its formula, the wrapped optimizer's step followed by the shrinkage (weights only, biases left
// alone), weights reaching exactly zero where the loss does not hold them, λ = 0 changing nothing,
// and the errors for bad settings.
#include <doctest/doctest.h>

#include <memory>

#include "framework/errors.hpp"
#include "framework/optimizers/l1_proximal.hpp"
#include "framework/optimizers/sgd.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_l1_proximal {

using namespace glassbox;

namespace {

std::unique_ptr<Optimizer> plain_sgd(float learning_rate) {
  SgdSettings settings;
  settings.learning_rate = learning_rate;
  return std::make_unique<Sgd>(settings);
}

}  // namespace

TEST_CASE("soft thresholding moves each value towards zero by t and stops at zero") {
  Tensor values = {-3.0f, -0.5f, 0.0f, 0.2f, 1.0f, 4.0f};
  soft_threshold(values, 1.0f);
  const Tensor expected = {-2.0f, 0.0f, 0.0f, 0.0f, 0.0f, 3.0f};
  CHECK(xt::allclose(values, expected));
}

TEST_CASE("one step: the inner optimizer's update, then weights shrink by lr * lambda") {
  Tensor weight = {1.0f, -1.0f, 0.05f}, weight_gradient = {0.5f, 0.5f, 0.0f};
  Tensor bias = {0.05f}, bias_gradient = {0.0f};
  const std::vector<Parameter> parameters{{"weight", &weight, &weight_gradient},
                                          {"bias", &bias, &bias_gradient}};
  L1Proximal optimizer(plain_sgd(0.1f), 1.0f);
  optimizer.step(parameters);
  // SGD: w − 0.1·g = {0.95, −1.05, 0.05}; then shrink by 0.1·1 = 0.1.
  const Tensor expected = {0.85f, -0.95f, 0.0f};
  CHECK(xt::allclose(weight, expected));
  CHECK(bias(0) == doctest::Approx(0.05f));  // biases are not penalised
  CHECK(optimizer.describe()["l1"].get<float>() == doctest::Approx(1.0f));
}

TEST_CASE("minimising (w - 1)^2 / 2 + lambda |w| ends at the known minimiser") {
  // The minimiser is soft_threshold(1, λ): 1 − λ for λ < 1, and exactly 0 for λ ≥ 1.
  for (const float lambda : {0.0f, 0.3f, 1.5f}) {
    Tensor weight = {0.0f}, gradient = {0.0f};
    const std::vector<Parameter> parameters{{"weight", &weight, &gradient}};
    L1Proximal optimizer(plain_sgd(0.1f), lambda);
    for (int step = 0; step < 500; ++step) {
      gradient(0) = weight(0) - 1.0f;
      optimizer.step(parameters);
    }
    const float expected = lambda < 1.0f ? 1.0f - lambda : 0.0f;
    CHECK(weight(0) == doctest::Approx(expected).epsilon(1e-4));
    if (lambda >= 1.0f) CHECK(weight(0) == 0.0f);
  }
}

TEST_CASE("the learning rate a schedule sets reaches the inner optimizer") {
  Tensor weight = {1.0f}, gradient = {1.0f};
  L1Proximal optimizer(plain_sgd(0.1f), 0.0f);
  optimizer.set_learning_rate(0.5f);
  optimizer.step({{"weight", &weight, &gradient}});
  CHECK(weight(0) == doctest::Approx(0.5f));
}

TEST_CASE("bad settings are one-line errors") {
  CHECK_THROWS_WITH_AS(L1Proximal(plain_sgd(0.1f), -1.0f), doctest::Contains("lambda must be >= 0"),
                       ArgumentError);
  CHECK_THROWS_AS(L1Proximal(nullptr, 1.0f), ArgumentError);
}

}  // namespace test_l1_proximal
