// The training step (framework/training/training_step.hpp) against the update written out by hand,
// and the divergence policy every trainer shares (framework/training/divergence_guard.hpp).
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include <xtensor/xmath.hpp>

#include "framework/errors.hpp"
#include "framework/losses/softmax_cross_entropy.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/sgd.hpp"
#include "framework/training/training_step.hpp"
#include "gradient_check.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_training_step {

using namespace glassbox;
using glassbox::testing::random_tensor;

namespace {

// Softmax regression y = x·W + b (N×D · D×K + K) with the cross-entropy loss
// L = −(1/N) Σ_n log softmax(y_n)[c_n] has ∂L/∂y = (softmax(y) − onehot(c)) / N, so
// ∂L/∂W = xᵀ·∂L/∂y and ∂L/∂b = Σ_n ∂L/∂y_n: the step written out without any layer.
struct HandStep {
  Tensor logits;        // y, before the step
  double loss = 0.0;    // L, before the step
  Tensor weight, bias;  // after the step
};

HandStep sgd_step_by_hand(const Tensor& x, const Labels& labels, const Tensor& weight,
                          const Tensor& bias, float learning_rate) {
  const std::size_t n = x.shape(0), d = x.shape(1), k = weight.shape(1);
  HandStep result{xt::zeros<float>({n, k}), 0.0, weight, bias};
  Tensor dy = xt::zeros<float>({n, k});
  for (std::size_t s = 0; s < n; ++s) {
    std::vector<double> logits(k);
    double largest = -1e300;
    for (std::size_t c = 0; c < k; ++c) {
      logits[c] = bias(c);
      for (std::size_t i = 0; i < d; ++i) logits[c] += double(x(s, i)) * weight(i, c);
      largest = std::max(largest, logits[c]);
      result.logits(s, c) = static_cast<float>(logits[c]);
    }
    double total = 0.0;
    for (std::size_t c = 0; c < k; ++c) total += std::exp(logits[c] - largest);
    for (std::size_t c = 0; c < k; ++c) {
      const double p = std::exp(logits[c] - largest) / total;
      dy(s, c) = static_cast<float>((p - (static_cast<int>(c) == labels[s] ? 1.0 : 0.0)) / n);
    }
    result.loss -= (logits[labels[s]] - largest - std::log(total)) / n;
  }
  for (std::size_t i = 0; i < d; ++i)
    for (std::size_t c = 0; c < k; ++c) {
      double gradient = 0.0;
      for (std::size_t s = 0; s < n; ++s) gradient += double(x(s, i)) * dy(s, c);
      result.weight(i, c) -= learning_rate * static_cast<float>(gradient);
    }
  for (std::size_t c = 0; c < k; ++c) {
    double gradient = 0.0;
    for (std::size_t s = 0; s < n; ++s) gradient += dy(s, c);
    result.bias(c) -= learning_rate * static_cast<float>(gradient);
  }
  return result;
}

// A loss that has diverged: L = NaN whatever the outputs. Its gradient must never be asked for.
struct DivergedLoss {
  float forward(const Tensor&, const Labels&) { return std::numeric_limits<float>::quiet_NaN(); }
  const Tensor& backward() const {
    FAIL("backward of a loss that is not finite");
    static const Tensor none;
    return none;
  }
};

}  // namespace

TEST_CASE("One step is w <- w - lr * dL/dw, with the gradients of this batch only") {
  Sequential model = build_model("dense:3", {4}, 7);
  const Tensor x = random_tensor({5, 4}, 1);
  const Labels labels{0, 2, 1, 1, 0};
  const Tensor weight = *model.parameters()[0].value, bias = *model.parameters()[1].value;
  // Gradients left over from an earlier batch must not leak into this step.
  for (const Parameter& parameter : model.parameters()) parameter.gradient->fill(100.0f);

  SoftmaxCrossEntropy loss;
  Sgd sgd({0.5f, 0.0f});
  DivergenceGuard guard(model.parameters());
  const StepResult step = training_step(model, loss, sgd, guard, x, labels);

  const HandStep expected = sgd_step_by_hand(x, labels, weight, bias, 0.5f);
  CHECK(step.loss == doctest::Approx(expected.loss).epsilon(1e-5));
  CHECK(xt::allclose(step.outputs, expected.logits, 1e-5, 1e-5));
  CHECK(xt::allclose(*model.parameters()[0].value, expected.weight, 1e-5, 1e-6));
  CHECK(xt::allclose(*model.parameters()[1].value, expected.bias, 1e-5, 1e-6));
}

TEST_CASE("A loss that is not finite stops the step before the weights change") {
  Sequential model = build_model("dense:3", {4}, 7);
  const Tensor weight = *model.parameters()[0].value;
  DivergedLoss loss;
  Sgd sgd({0.5f, 0.0f});
  DivergenceGuard guard(model.parameters());
  const StepResult step =
      training_step(model, loss, sgd, guard, random_tensor({5, 4}, 1), Labels{0, 2, 1, 1, 0});
  CHECK(std::isnan(step.loss));
  CHECK(*model.parameters()[0].value == weight);
}

TEST_CASE("The guard puts back the weights it kept last and says what happened") {
  Sequential model = build_model("dense:3", {4}, 7);
  DivergenceGuard guard(model.parameters());
  Tensor& weight = *model.parameters()[0].value;

  // Nothing kept yet: the weights stay as they are.
  weight.fill(2.0f);
  CHECK_THROWS_WITH_AS(guard.restore_and_throw("the loss became nan at batch 1"),
                       doctest::Contains("the loss became nan at batch 1"), DivergenceError);
  CHECK(weight == xt::ones_like(weight) * 2.0f);

  guard.keep_weights();
  weight.fill(std::numeric_limits<float>::infinity());
  CHECK_THROWS_WITH_AS(guard.restore_and_throw("the loss became inf at batch 2"),
                       doctest::Contains("last step whose loss was finite"), DivergenceError);
  CHECK(weight == xt::ones_like(weight) * 2.0f);
}

}  // namespace test_training_step
