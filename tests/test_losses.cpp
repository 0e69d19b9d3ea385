// Loss values against hand-computed numbers, stability for large logits, and finite-difference
// gradient checks (same tolerance argument as gradient_check.hpp).
#include <doctest/doctest.h>

#include <cmath>

#include <xtensor/xmath.hpp>

#include "framework/errors.hpp"
#include "framework/losses/mean_squared_error.hpp"
#include "framework/losses/softmax_cross_entropy.hpp"
#include "gradient_check.hpp"

using namespace glassbox;
using glassbox::testing::random_tensor;

TEST_CASE("Softmax cross-entropy matches the formula") {
  SoftmaxCrossEntropy loss;
  const Tensor logits{{1.0f, 2.0f, 3.0f}, {0.0f, 0.0f, 0.0f}};
  const float value = loss.forward(logits, {2, 0});
  const double first = std::log(std::exp(1.0) + std::exp(2.0) + std::exp(3.0)) - 3.0;
  const double second = std::log(3.0);
  CHECK(value == doctest::Approx((first + second) / 2).epsilon(1e-6));
  CHECK(xt::allclose(xt::sum(loss.probabilities(), {1}), Tensor{1.0f, 1.0f}));
}

TEST_CASE("Softmax cross-entropy stays finite for huge logits") {
  SoftmaxCrossEntropy loss;
  const float value = loss.forward(Tensor{{1000.0f, -1000.0f}, {-1000.0f, 1000.0f}}, {0, 0});
  CHECK(std::isfinite(value));
  CHECK(value == doctest::Approx(1000.0).epsilon(1e-6));  // (0 + 2000) / 2
  CHECK(xt::all(xt::isfinite(loss.backward())));
}

TEST_CASE("Softmax cross-entropy gradient matches finite differences") {
  SoftmaxCrossEntropy loss;
  Tensor logits = random_tensor({4, 5}, 21, -3, 3);
  const Labels labels{0, 3, 4, 1};
  loss.forward(logits, labels);
  const Tensor analytic = loss.backward();
  const float h = 1e-2f;
  for (std::size_t i = 0; i < logits.size(); ++i) {
    const float saved = logits.data()[i];
    logits.data()[i] = saved + h;
    const double plus = loss.forward(logits, labels);
    logits.data()[i] = saved - h;
    const double minus = loss.forward(logits, labels);
    logits.data()[i] = saved;
    CHECK((plus - minus) / (2 * h) == doctest::Approx(analytic.data()[i]).epsilon(2e-3).scale(1));
  }
}

TEST_CASE("Softmax cross-entropy rejects bad labels and shapes") {
  SoftmaxCrossEntropy loss;
  CHECK_THROWS_WITH_AS(loss.forward(Tensor{{1.0f, 2.0f}}, {2}), doctest::Contains("outside"),
                       ArgumentError);
  CHECK_THROWS_AS(loss.forward(Tensor{{1.0f, 2.0f}}, {0, 1}), ArgumentError);
}

TEST_CASE("Mean squared error value and gradient") {
  MeanSquaredError loss;
  CHECK(loss.forward(Tensor{{1.0f, 2.0f}, {3.0f, 4.0f}}, Tensor{{0.0f, 2.0f}, {3.0f, 2.0f}}) ==
        doctest::Approx((1.0 + 4.0) / 4));
  CHECK(xt::allclose(loss.backward(), Tensor{{0.5f, 0.0f}, {0.0f, 1.0f}}));

  Tensor predictions = random_tensor({3, 4}, 22);
  const Tensor targets = random_tensor({3, 4}, 23);
  loss.forward(predictions, targets);
  const Tensor analytic = loss.backward();
  const float h = 1e-2f;
  for (std::size_t i = 0; i < predictions.size(); ++i) {
    const float saved = predictions.data()[i];
    predictions.data()[i] = saved + h;
    const double plus = loss.forward(predictions, targets);
    predictions.data()[i] = saved - h;
    const double minus = loss.forward(predictions, targets);
    predictions.data()[i] = saved;
    CHECK((plus - minus) / (2 * h) == doctest::Approx(analytic.data()[i]).epsilon(2e-3).scale(1));
  }
  CHECK_THROWS_AS(loss.forward(Tensor{{1.0f, 2.0f}}, Tensor{{1.0f, 2.0f, 3.0f}}), ArgumentError);
}
