// Sensitivity analysis (explain/sensitivity.hpp, docs/math/explanations.md eq. 1) and the logit
// gradient under it (explain/gradient.hpp): a linear model, where ∂f_c/∂x_i = w_ic, finite
// differences on a nonlinear one, targets, and untouched parameter gradients.
//
// Shapes: inputs N×D or N×1×2×2, logits N×K.
#include <doctest/doctest.h>

#include <cmath>

#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "explain/gradient.hpp"
#include "explain/sensitivity.hpp"
#include "framework/errors.hpp"
#include "framework/model_spec.hpp"
#include "lrp_reference.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_sensitivity {

using namespace glassbox;
using namespace glassbox::explain;
using namespace glassbox::testing;

TEST_CASE("Sensitivity of a linear model is the squared weight of the explained class") {
  // f(x) = x·W + b: ∂f_c/∂x_i = W[i][c], so R_i = W[i][c]², whatever x.
  Sequential model = build_model("dense:3", {4}, 1);
  *model.layer(0).parameters()[1].value = values({0.5f, -0.2f, 0.1f});
  const Tensor& weight = *model.layer(0).parameters()[0].value;
  const Tensor x = random_tensor({5, 4}, 2);
  const Explanation explanation = sensitivity(model, x);
  const Tensor logits = model.predict(x);
  for (std::size_t n = 0; n < 5; ++n) {
    const auto c = static_cast<std::size_t>(explanation.targets[n]);
    for (std::size_t k = 0; k < 3; ++k) CHECK(logits(n, c) >= logits(n, k));
    CHECK(explanation.outputs[n] == logits(n, c));
    double squared_norm = 0.0;
    for (std::size_t i = 0; i < 4; ++i) {
      CHECK(explanation.relevance(n, i) == doctest::Approx(weight(i, c) * weight(i, c)));
      squared_norm += weight(i, c) * weight(i, c);
    }
    // Σ R = ‖∇f‖², not f(x): sensitivity explains the slope.
    CHECK(xt::sum(xt::view(explanation.relevance, n))() == doctest::Approx(squared_norm));
  }
  const Explanation chosen = sensitivity(model, x, {2, 2, 2, 2, 2});
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(chosen.relevance(0, i) == doctest::Approx(weight(i, 2) * weight(i, 2)));
  }
}

TEST_CASE("The logit gradient matches finite differences of the chosen logit") {
  Sequential model = build_model("flatten,dense:5,tanh,dense:3", {1, 2, 2}, 3);
  Tensor x = random_tensor({2, 1, 2, 2}, 4);
  const Labels targets{1, 2};
  const LogitGradient gradient = logit_gradient(model, x, targets);
  const float step = 1e-2f;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const std::size_t n = i / 4;
    const float saved = x.data()[i];
    x.data()[i] = saved + step;
    const double plus = model.predict(x)(n, static_cast<std::size_t>(targets[n]));
    x.data()[i] = saved - step;
    const double minus = model.predict(x)(n, static_cast<std::size_t>(targets[n]));
    x.data()[i] = saved;
    CHECK(gradient.gradient.data()[i] ==
          doctest::Approx((plus - minus) / (2 * step)).epsilon(2e-3));
  }
}

TEST_CASE("Explaining leaves the accumulated parameter gradients as they were") {
  Sequential model = build_model("flatten,dense:5,relu,dense:3", {1, 2, 2}, 5);
  for (auto& parameter : model.parameters()) parameter.gradient->fill(0.75f);
  sensitivity(model, random_tensor({3, 1, 2, 2}, 6));
  for (auto& parameter : model.parameters()) CHECK(xt::all(xt::equal(*parameter.gradient, 0.75f)));
}

TEST_CASE("Bad targets are errors") {
  Sequential model = build_model("dense:3", {4}, 1);
  const Tensor x = random_tensor({2, 4}, 2);
  CHECK_THROWS_WITH_AS(sensitivity(model, x, {0, 3}), doctest::Contains("not in [0, 3)"),
                       ArgumentError);
  CHECK_THROWS_AS(sensitivity(model, x, {0}), ArgumentError);
  CHECK_THROWS_AS(sensitivity(model, x, {-1, 0}), ArgumentError);
}

}  // namespace test_sensitivity
