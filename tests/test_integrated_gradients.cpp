// Integrated Gradients (explain/integrated_gradients.hpp, docs/math/explanations.md eqs. 11–12):
// a ReLU network whose path integral is worked out by hand; eq. (3) on a linear model; the
// completeness error Σ R − (f(x) − f(x̄)) shrinking as the steps grow; the blurred baseline.
//
// Shapes: inputs N×2 or N×1×4×4, logits N×K.
#include <doctest/doctest.h>

#include <cmath>

#include "explain/integrated_gradients.hpp"
#include "framework/errors.hpp"
#include "framework/layers/relu.hpp"
#include "framework/model_spec.hpp"
#include "lrp_reference.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_integrated_gradients {

using namespace glassbox;
using namespace glassbox::explain;
using namespace glassbox::testing;

namespace {

// f(x) = relu(x1 − 0.5) + relu(x2). On the path α·(1, 1) from 0: the first unit is active for
// α > 0.5, the second for α > 0, so IG = (1 · ½, 1 · 1) and f(x) − f(0) = 1.5.
Sequential kinked_network() {
  Sequential model({2});
  model.add(dense_layer(rows({{1.0f, 0.0f}, {0.0f, 1.0f}}), values({-0.5f, 0.0f})));
  model.add(std::make_unique<ReLU>());
  model.add(dense_layer(rows({{1.0f}, {1.0f}}), values({0.0f})));
  return model;
}

// Mean |Σ R − (f(x) − f(x̄))| over the samples.
double completeness_error(const TaylorExplanation& explanation) {
  double total = 0.0;
  for (std::size_t n = 0; n < explanation.outputs.size(); ++n) {
    total += std::abs(sample_sum(explanation.relevance, n) -
                      (explanation.outputs[n] - explanation.root_outputs[n]));
  }
  return total / static_cast<double>(explanation.outputs.size());
}

}  // namespace

TEST_CASE("On a kinked ReLU network the path integral is the hand-computed one") {
  Sequential model = kinked_network();
  const Tensor x = rows({{1.0f, 1.0f}});
  const Tensor black = values({0.0f, 0.0f});
  // m = 4: midpoints 1/8, 3/8, 5/8, 7/8, two of them past the kink at ½: exact.
  const TaylorExplanation exact = integrated_gradients(model, x, black, 4);
  check_close(exact.relevance, {0.5, 1.0});
  CHECK(exact.outputs[0] == doctest::Approx(1.5f));
  CHECK(exact.root_outputs[0] == doctest::Approx(0.0f));
  // m = 3: midpoints 1/6, 1/2, 5/6; at ½ the unit is not yet active (relu'(0) = 0): 1/3.
  const TaylorExplanation coarse = integrated_gradients(model, x, black, 3);
  check_close(coarse.relevance, {1.0 / 3.0, 1.0});
  CHECK(completeness_error(coarse) == doctest::Approx(1.0 / 6.0).epsilon(1e-5));
}

TEST_CASE("On a linear model integrated gradients is Taylor at the baseline, for any m") {
  Sequential model = build_model("dense:3", {4}, 1);
  const Tensor x = random_tensor({5, 4}, 2);
  const Tensor baseline = random_tensor({5, 4}, 3);
  const TaylorExplanation taylor = taylor_decomposition(model, x, baseline);
  for (const std::size_t steps : {1, 7}) {
    const TaylorExplanation path = integrated_gradients(model, x, baseline, steps);
    CHECK(path.targets == taylor.targets);
    check_close(path.relevance,
                std::vector<double>(taylor.relevance.begin(), taylor.relevance.end()));
    CHECK(completeness_error(path) < 1e-5);
  }
}

TEST_CASE("The completeness error shrinks as the number of steps grows") {
  // A tanh network bends everywhere along the path (a small ReLU network may cross no kink
  // between 0 and x, and then every m is exact); the midpoint rule's error falls as 1/m².
  Sequential model = build_model("flatten,dense:16,tanh,dense:16,tanh,dense:3", {1, 4, 4}, 4);
  const Tensor x = random_tensor({8, 1, 4, 4}, 5, -2.0f, 2.0f);
  const Tensor black = xt::full_like(Tensor::from_shape({1, 4, 4}), -2.0f);
  std::vector<double> errors;
  for (const std::size_t steps : {2, 8, 32, 128}) {
    errors.push_back(completeness_error(integrated_gradients(model, x, black, steps)));
  }
  INFO("errors at m = 2, 8, 32, 128: " << errors[0] << " " << errors[1] << " " << errors[2] << " "
                                       << errors[3]);
  CHECK(errors[0] > 4.0 * errors[1]);
  CHECK(errors[1] > 4.0 * errors[2]);
  CHECK(errors[2] > errors[3]);
  CHECK(errors[3] < 1e-3);
}

TEST_CASE("A blurred baseline keeps a flat image and spreads a dot, keeping its total") {
  Tensor flat = xt::full_like(Tensor::from_shape({1, 1, 9, 9}), 0.3f);
  const Tensor still = blurred_images(flat, 1.5f);
  for (const float value : still) CHECK(value == doctest::Approx(0.3f));
  Tensor dot = xt::zeros<float>({1, 1, 9, 9});
  dot(0, 0, 4, 4) = 1.0f;
  const Tensor spread = blurred_images(dot, 1.0f);
  CHECK(spread(0, 0, 4, 4) < 0.2f);
  CHECK(spread(0, 0, 4, 5) == doctest::Approx(spread(0, 0, 5, 4)));
  CHECK(sample_sum(spread, 0) == doctest::Approx(1.0));
  CHECK(blurred_images(dot, 0.0f) == dot);
  CHECK_THROWS_AS(blurred_images(Tensor::from_shape({2, 81}), 1.0f), ArgumentError);
}

TEST_CASE("Integrated gradients refuses zero steps and a baseline of the wrong shape") {
  Sequential model = kinked_network();
  const Tensor x = rows({{1.0f, 1.0f}});
  CHECK_THROWS_WITH_AS(integrated_gradients(model, x, values({0.0f, 0.0f}), 0),
                       doctest::Contains("at least 1 step"), ArgumentError);
  CHECK_THROWS_WITH_AS(integrated_gradients(model, x, values({0.0f, 0.0f, 0.0f}), 4),
                       doctest::Contains("baseline"), ArgumentError);
}

}  // namespace test_integrated_gradients
