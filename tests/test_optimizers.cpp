// Optimizer steps against values computed by hand from the update equations in the headers.
#include <doctest/doctest.h>

#include <cmath>

#include "framework/errors.hpp"
#include "framework/optimizers/adam.hpp"
#include "framework/optimizers/make_optimizer.hpp"
#include "framework/optimizers/schedule.hpp"
#include "framework/optimizers/sgd.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_optimizers {

using namespace glassbox;

namespace {
struct OneParameter {
  Tensor value{1.0f, -2.0f};
  Tensor gradient{0.5f, 0.25f};
  std::vector<Parameter> list() { return {{"w", &value, &gradient}}; }
};
}  // namespace

TEST_CASE("Plain SGD: w ← w − η(g + λw)") {
  OneParameter p;
  Sgd sgd({0.1f, 0.0f, false, 0.01f});
  sgd.step(p.list());
  // 1 − 0.1·(0.5 + 0.01) = 0.949;  −2 − 0.1·(0.25 − 0.02) = −2.023
  CHECK(p.value(0) == doctest::Approx(0.949f));
  CHECK(p.value(1) == doctest::Approx(-2.023f));
}

TEST_CASE("SGD with momentum, two steps") {
  OneParameter p;
  Sgd sgd({0.1f, 0.9f, false, 0.0f});
  sgd.step(p.list());  // v = 0.5, w = 1 − 0.05 = 0.95
  sgd.step(p.list());  // v = 0.9·0.5 + 0.5 = 0.95, w = 0.95 − 0.095 = 0.855
  CHECK(p.value(0) == doctest::Approx(0.855f));
  // second entry: v = 0.25 then 0.475; w = −2 − 0.025 − 0.0475 = −2.0725
  CHECK(p.value(1) == doctest::Approx(-2.0725f));
}

TEST_CASE("SGD with Nesterov momentum, two steps") {
  OneParameter p;
  Sgd sgd({0.1f, 0.9f, true, 0.0f});
  sgd.step(p.list());  // v = 0.5, w = 1 − 0.1·(0.5 + 0.45) = 0.905
  sgd.step(p.list());  // v = 0.95, w = 0.905 − 0.1·(0.5 + 0.855) = 0.7695
  CHECK(p.value(0) == doctest::Approx(0.7695f));
}

TEST_CASE("Adam, two steps") {
  OneParameter p;
  Adam adam({0.1f, 0.9f, 0.999f, 1e-8f, 0.0f});
  // Step 1: m̂ = g, v̂ = g², so the update is η·g/|g| = 0.1 for each entry.
  adam.step(p.list());
  CHECK(p.value(0) == doctest::Approx(0.9f));
  CHECK(p.value(1) == doctest::Approx(-2.1f));
  // Step 2 with the same gradient: m̂ = g and v̂ = g² again, so another 0.1.
  adam.step(p.list());
  CHECK(p.value(0) == doctest::Approx(0.8f));
  p.gradient = Tensor{-0.5f, 0.25f};
  adam.step(p.list());
  // Step 3, first entry: m = 0.9·0.095 + 0.1·(−0.5)... computed from the definitions:
  const double m1 = 0.1 * 0.5, m2 = 0.9 * m1 + 0.1 * 0.5, m3 = 0.9 * m2 - 0.1 * 0.5;
  const double v1 = 0.001 * 0.25, v2 = 0.999 * v1 + 0.001 * 0.25, v3 = 0.999 * v2 + 0.001 * 0.25;
  const double update =
      0.1 * (m3 / (1 - std::pow(0.9, 3))) / (std::sqrt(v3 / (1 - std::pow(0.999, 3))) + 1e-8);
  CHECK(p.value(0) == doctest::Approx(0.8 - update).epsilon(1e-5));
}

TEST_CASE("Optimizers refuse bad settings and a changed parameter list") {
  CHECK_THROWS_AS(Sgd({-1.0f}), ArgumentError);
  CHECK_THROWS_AS(Adam({0.0f}), ArgumentError);
  OneParameter p, q;
  Sgd sgd({0.1f, 0.9f});
  sgd.step(p.list());
  q.value = Tensor{1.0f, 2.0f, 3.0f};
  q.gradient = Tensor{1.0f, 2.0f, 3.0f};
  CHECK_THROWS_AS(sgd.step(q.list()), ArgumentError);
}

TEST_CASE("Learning-rate schedules") {
  const auto step = parse_schedule("step:2:0.5", 10);
  CHECK(step.rate_at(0, 0.1f) == doctest::Approx(0.1f));
  CHECK(step.rate_at(1, 0.1f) == doctest::Approx(0.1f));
  CHECK(step.rate_at(2, 0.1f) == doctest::Approx(0.05f));
  CHECK(step.rate_at(5, 0.1f) == doctest::Approx(0.025f));
  const auto cosine = parse_schedule("cosine", 4);
  CHECK(cosine.rate_at(0, 0.1f) == doctest::Approx(0.1f));
  CHECK(cosine.rate_at(2, 0.1f) == doctest::Approx(0.05f));
  CHECK(cosine.rate_at(4, 0.1f) == doctest::Approx(0.0f));
  CHECK(parse_schedule("constant", 3).rate_at(2, 0.3f) == doctest::Approx(0.3f));
  CHECK_THROWS_AS(parse_schedule("step:0:0.5", 3), ArgumentError);
  CHECK_THROWS_AS(parse_schedule("linear", 3), ArgumentError);
}

TEST_CASE("optimizers refuse state of another kind") {
  Sgd sgd(SgdSettings{});
  Adam adam(AdamSettings{});
  CHECK_THROWS_WITH_AS(sgd.load_state(adam.state()), doctest::Contains("velocity"), ArgumentError);
  CHECK_THROWS_WITH_AS(adam.load_state(sgd.state()), doctest::Contains("first_moment"),
                       ArgumentError);
  OptimizerState state = adam.state();
  state.steps = -1;
  CHECK_THROWS_AS(adam.load_state(state), ArgumentError);
}

TEST_CASE("Optimizers by name, with their settings") {
  const auto sgd = make_optimizer({"sgd", 0.1f, 0.5f, true, 1e-3f});
  CHECK(sgd->describe()["name"] == "sgd");
  CHECK(sgd->describe()["nesterov"] == true);
  CHECK(sgd->learning_rate() == 0.1f);
  const auto adam = make_optimizer({"adam", 0.002f, 0.9f, false, 0.0f});
  CHECK(adam->describe()["name"] == "adam");
  CHECK(adam->learning_rate() == 0.002f);
  CHECK_THROWS_WITH_AS(make_optimizer({"rmsprop"}), doctest::Contains("unknown optimizer"),
                       ArgumentError);
}

}  // namespace test_optimizers
