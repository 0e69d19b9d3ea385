// Continuity (explain/evaluation/continuity.hpp, docs/math/evaluation.md eq. (2)): the relative
// change by hand; explanations that do not move score 0 and linear ones exactly σ‖Aε‖/‖Ax‖; on the
// paper's toy f(x) = max(x₁, x₂) sensitivity jumps across the diagonal and deep Taylor does not;
// the class explained at x stays explained at x′; clipping keeps x′ in the domain; bad options are
// errors.
//
// Shapes: flat inputs N×2 (the toy) or N×3; relevance the same.
#include <doctest/doctest.h>

#include <cmath>

#include "explain/evaluation/continuity.hpp"
#include "framework/errors.hpp"
#include "framework/layers/relu.hpp"
#include "lrp_reference.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_continuity {

using namespace glassbox;
using namespace glassbox::explain;
using namespace glassbox::testing;

namespace {

double norm(const float* values, std::size_t d) {
  double sum = 0.0;
  for (std::size_t i = 0; i < d; ++i) sum += static_cast<double>(values[i]) * values[i];
  return std::sqrt(sum);
}

// max(x₁, x₂) = ½ relu(x₁ + x₂) + ½ relu(x₁ − x₂) + ½ relu(x₂ − x₁) for x₁ + x₂ ≥ 0.
Sequential max_network() {
  Sequential model({2});
  model.add(dense_layer(rows({{1, 1, -1}, {1, -1, 1}}), values({0, 0, 0})));
  model.add(std::make_unique<ReLU>());
  model.add(dense_layer(rows({{0.5f}, {0.5f}, {0.5f}}), values({0})));
  return model;
}

}  // namespace

TEST_CASE("The relative change of one pair, by hand") {
  const float r[] = {3, 4}, moved[] = {3, 5}, zero[] = {0, 0};
  CHECK(relative_change(r, moved, 2) == doctest::Approx(0.2));  // ‖(0, 1)‖ / ‖(3, 4)‖
  CHECK(relative_change(moved, r, 2) == doctest::Approx(1.0 / std::sqrt(34.0)));
  CHECK(relative_change(r, r, 2) == 0.0);
  CHECK(std::isnan(relative_change(zero, r, 2)));
}

TEST_CASE("An explanation that does not move scores 0; a linear one exactly σ‖Aε‖/‖Ax‖") {
  const Tensor x = rows({{3, 4, 0}, {1, -2, 2}, {0.5f, 0.5f, 1}});
  ContinuityOptions options;
  options.sizes = {0.0, 0.1, 0.3};
  options.draws = 2;
  const ContinuityCurve still = continuity(
      [](const Tensor& batch) { return Tensor(xt::ones<float>(batch.shape())); }, x, options);
  for (const double change : still.mean_change) CHECK(change == 0.0);

  // R = A x with A = diag(2, −1, 0.5): R(x′) − R(x) = σ A ε, exactly.
  const float a[] = {2, -1, 0.5f};
  const auto linear = [&](const Tensor& batch) {
    Tensor relevance = batch;
    for (std::size_t n = 0; n < batch.shape(0); ++n) {
      for (std::size_t i = 0; i < 3; ++i) relevance(n, i) *= a[i];
    }
    return relevance;
  };
  const ContinuityCurve curve = continuity(linear, x, options);
  const Tensor epsilon = perturbation_directions(x, 2, options.seed);
  const Tensor a_epsilon = linear(epsilon), a_x = linear(x);
  REQUIRE(curve.sizes == options.sizes);
  for (std::size_t s = 0; s < 3; ++s) {
    double total = 0.0, largest = 0.0;
    for (std::size_t row = 0; row < 6; ++row) {
      const double change = options.sizes[s] * norm(a_epsilon.data() + 3 * row, 3) /
                            norm(a_x.data() + 3 * (row / 2), 3);
      total += change;
      largest = std::max(largest, change);
    }
    INFO("sigma " << options.sizes[s]);
    CHECK(curve.mean_change[s] == doctest::Approx(total / 6.0).epsilon(1e-5));
    CHECK(curve.largest[s] == doctest::Approx(largest).epsilon(1e-5));
  }
  CHECK(curve.mean_change[0] == 0.0);
  CHECK(curve.mean_change[2] == doctest::Approx(3.0 * curve.mean_change[1]).epsilon(1e-5));
  CHECK(curve.skipped == 0);
}

TEST_CASE("On max(x1, x2) sensitivity jumps across the diagonal; deep Taylor does not") {
  Sequential model = max_network();
  // 40 points in [0.3, 0.9]², half of them within 0.02 of the diagonal, where the kink is.
  Tensor x = random_tensor({40, 2}, 11, 0.3f, 0.9f);
  for (std::size_t n = 0; n < 20; ++n) x(n, 1) = x(n, 0) + (n % 2 == 0 ? 0.01f : -0.01f);
  ContinuityOptions options;
  options.sizes = {0.005, 0.02};
  options.draws = 8;
  options.clip = true;  // deep Taylor's zᴮ takes no input outside [0, 1]²
  MethodChoice sensitivity, deep_taylor;
  sensitivity.method = "sensitivity";
  deep_taylor.method = "deep-taylor";
  const ContinuityCurve jumpy = continuity(model, x, sensitivity, options);
  const ContinuityCurve smooth = continuity(model, x, deep_taylor, options);
  for (std::size_t s = 0; s < 2; ++s) {
    INFO("sigma " << options.sizes[s] << ": sensitivity " << jumpy.mean_change[s] << " (largest "
                  << jumpy.largest[s] << "), deep Taylor " << smooth.mean_change[s] << " (largest "
                  << smooth.largest[s] << ")");
    // The gradient is (1, 0) on one side and (0, 1) on the other: a jump of ‖(1, −1)‖ = √2.
    CHECK(jumpy.largest[s] == doctest::Approx(std::sqrt(2.0)));
    CHECK(smooth.largest[s] < 0.2);
    CHECK(smooth.mean_change[s] < jumpy.mean_change[s] / 4.0);
  }
  // Continuous: deep Taylor's largest change shrinks with σ; sensitivity's does not.
  CHECK(smooth.largest[0] < smooth.largest[1] / 2.0);
}

TEST_CASE("The class explained at x stays explained at x' even where the prediction flips") {
  // Two logits f₀ = x₀ + x₁ + x₂ and f₁ = 1; inputs near the boundary f₀ = 1.
  Sequential model({3});
  model.add(dense_layer(rows({{1, 0}, {1, 0}, {1, 0}}), values({0, 1})));
  const Tensor x = rows({{0.5f, 0.3f, 0.3f}, {0.2f, 0.2f, 0.5f}});  // predicted 0, then 1
  MethodChoice taylor;
  taylor.method = "taylor";  // R = x ⊙ w_c, linear in x while c is fixed
  ContinuityOptions options;
  options.sizes = {0.5};  // large enough to flip many predictions
  options.draws = 16;
  const ContinuityCurve curve = continuity(model, x, taylor, options);
  // Class 0 for the first input: R = x, changes σ‖ε‖/‖x‖. Class 1 for the second: w₁ = 0, R = 0,
  // so the second input is skipped.
  const Tensor epsilon = perturbation_directions(x, 16, options.seed);
  double total = 0.0;
  for (std::size_t row = 0; row < 16; ++row) total += 0.5 * norm(epsilon.data() + 3 * row, 3);
  CHECK(curve.skipped == 1);
  CHECK(curve.mean_change[0] == doctest::Approx(total / 16.0 / norm(x.data(), 3)).epsilon(1e-5));
}

TEST_CASE("Clipped, every perturbed input stays in the domain and the others do not move") {
  const Tensor x = rows({{0, 1, 0.5f}});
  ContinuityOptions options;
  options.sizes = {0.3};
  options.draws = 50;
  options.clip = true;
  float lowest = 1.0f, highest = 0.0f;
  double middle_moved = 0.0;
  const auto record = [&](const Tensor& batch) {
    lowest = std::min(lowest, xt::amin(batch)());
    highest = std::max(highest, xt::amax(batch)());
    for (std::size_t n = 0; n < batch.shape(0); ++n) middle_moved += std::abs(batch(n, 2) - 0.5f);
    return Tensor(batch + 1.0f);
  };
  continuity(record, x, options);
  CHECK(lowest == 0.0f);   // x₀ = 0 moved up or stayed at the bound
  CHECK(highest == 1.0f);  // x₁ = 1 moved down or stayed
  CHECK(middle_moved > 0.0);
  options.low = 2.0f;
  CHECK_THROWS_AS(continuity(record, x, options), ArgumentError);
}

TEST_CASE("Continuity rejects what it cannot measure") {
  const Tensor x = rows({{1, 2}});
  const auto same = [](const Tensor& batch) { return batch; };
  ContinuityOptions options;
  options.sizes = {};
  CHECK_THROWS_AS(continuity(same, x, options), ArgumentError);
  options.sizes = {-0.1};
  CHECK_THROWS_AS(continuity(same, x, options), ArgumentError);
  options.sizes = {std::nan("")};
  CHECK_THROWS_AS(continuity(same, x, options), ArgumentError);
  options.sizes = {0.1};
  options.draws = 0;
  CHECK_THROWS_AS(continuity(same, x, options), ArgumentError);
  options.draws = 1;
  CHECK_THROWS_WITH_AS(continuity(
                           [](const Tensor&) {
                             return rows({{1, 2, 3}});
                           },
                           x, options),
                       doctest::Contains("inputs' shape"), ArgumentError);
  CHECK_THROWS_WITH_AS(continuity([](const Tensor& b) { return Tensor(0.0f * b); }, x, options),
                       doctest::Contains("relevance is 0"), ArgumentError);
}

}  // namespace test_continuity
