// Loss values against hand-computed numbers, stability for large logits, and finite-difference
// gradient checks (same tolerance argument as gradient_check.hpp).
#include <doctest/doctest.h>

#include <cmath>

#include <xtensor/xmath.hpp>

#include "framework/errors.hpp"
#include "framework/losses/classification_loss.hpp"
#include "framework/losses/mean_squared_error.hpp"
#include "framework/losses/multiclass_hinge.hpp"
#include "framework/losses/softmax_cross_entropy.hpp"
#include "gradient_check.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_losses {

using namespace glassbox;
using glassbox::testing::check_central_differences;
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
  check_central_differences([&](const Tensor& v) { return loss.forward(v, labels); }, logits,
                            analytic, h);
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
  check_central_differences([&](const Tensor& v) { return loss.forward(v, targets); }, predictions,
                            analytic, h);
  CHECK_THROWS_AS(loss.forward(Tensor{{1.0f, 2.0f}}, Tensor{{1.0f, 2.0f, 3.0f}}), ArgumentError);
}

TEST_CASE("Multi-class hinge (Weston-Watkins) matches values computed by hand") {
  MulticlassHinge loss;
  // Row 0, label 0: terms 1 − 3 + 1 = −1 → 0 and 1 − 3 + 2.5 = 0.5 → loss 0.5.
  // Row 1, label 2: terms 1 − 0 + 2 = 3 and 1 − 0 + (−1) = 0 → 0 (a kink: no gradient) → 3.
  const Tensor logits{{3.0f, 1.0f, 2.5f}, {2.0f, -1.0f, 0.0f}};
  const float value = loss.forward(logits, {0, 2});
  CHECK(value == doctest::Approx((0.5 + 3.0) / 2));
  // dL/dz: each positive term adds 1/N to its class and takes 1/N from the true class.
  const Tensor expected{{-0.5f, 0.0f, 0.5f}, {0.5f, 0.0f, -0.5f}};
  CHECK(loss.backward() == expected);
  // Every margin met by at least 1: zero loss, zero gradient.
  CHECK(loss.forward(Tensor{{5.0f, 1.0f, 3.9f}}, {0}) == 0.0f);
  CHECK(loss.backward() == xt::zeros<float>({1, 3}));
  CHECK(loss.name() == "hinge");
}

TEST_CASE("Multi-class hinge gradient matches finite differences away from the kinks") {
  MulticlassHinge loss;
  Tensor logits = random_tensor({5, 4}, 31, -2, 2);
  const Labels labels{0, 3, 1, 2, 3};
  loss.forward(logits, labels);
  const Tensor analytic = loss.backward();
  const float h = 1e-3f;
  for (std::size_t row = 0; row < 5; ++row) {
    // A term within h of zero would put a kink inside the difference: the random logits are
    // checked to stay clear of every one.
    const auto label = static_cast<std::size_t>(labels[row]);
    for (std::size_t k = 0; k < 4; ++k) {
      if (k != label) REQUIRE(std::abs(1.0f - logits(row, label) + logits(row, k)) > 4 * h);
    }
  }
  check_central_differences([&](const Tensor& v) { return loss.forward(v, labels); }, logits,
                            analytic, h);
}

TEST_CASE("Multi-class hinge rejects bad labels, shapes and margins") {
  MulticlassHinge loss;
  CHECK_THROWS_WITH_AS(loss.forward(Tensor{{1.0f, 2.0f}}, {2}), doctest::Contains("outside"),
                       ArgumentError);
  CHECK_THROWS_AS(loss.forward(Tensor{{1.0f, 2.0f}}, {0, 1}), ArgumentError);
  CHECK_THROWS_AS(MulticlassHinge(0.0f), ArgumentError);
  CHECK(MulticlassHinge(2.0f).forward(Tensor{{1.0f, 0.0f}}, {0}) == 1.0f);
}

TEST_CASE("Classification losses by name") {
  CHECK(make_classification_loss("cross-entropy")->name() == "cross-entropy");
  CHECK(make_classification_loss("hinge")->name() == "hinge");
  CHECK_THROWS_WITH_AS(make_classification_loss("squared"),
                       doctest::Contains("cross-entropy, hinge"), ArgumentError);
  CHECK(classification_loss_names() == std::vector<std::string>{"cross-entropy", "hinge"});
}

}  // namespace test_losses
