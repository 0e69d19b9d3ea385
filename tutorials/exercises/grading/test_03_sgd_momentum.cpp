// Grades exercise 3 (SGD with momentum) against framework/optimizers/sgd.hpp.
#include "framework/optimizers/sgd.hpp"
#include "lrp_reference.hpp"  // values, random_tensor
#include "tutorials/exercises/exercises.hpp"
#include "tutorials/exercises/grading/grading.hpp"

using namespace glassbox;
using namespace glassbox::exercises;
using namespace glassbox::exercises::grading;
using namespace glassbox::testing;

TEST_CASE("exercise 3, check 'plain SGD when the momentum is 0'") {
  const Check check{3, "plain SGD when the momentum is 0", "w ← w − η·v with v = g, eq. (2)"};
  Tensor w = values({1, -2}), v = values({0, 0});
  sgd_momentum_step(w, v, values({1, 2}), 0.1f, 0.0f);
  expect_close(check, "w = {1, -2}, g = {1, 2}, η = 0.1, μ = 0", values({0.9f, -2.2f}), w);
}

TEST_CASE("exercise 3, check 'momentum accumulates'") {
  const Check check{3, "momentum accumulates",
                    "v ← μ·v + g comes first, then w ← w − η·v with the new v, eqs. (1)–(2)"};
  Tensor w = values({1}), v = values({0});
  sgd_momentum_step(w, v, values({1}), 0.1f, 0.9f);
  expect_close(check, "w after one step (w = 1, g = 1, η = 0.1, μ = 0.9)", values({0.9f}), w);
  sgd_momentum_step(w, v, values({1}), 0.1f, 0.9f);
  // v = 0.9·1 + 1 = 1.9, w = 0.9 − 0.19 = 0.71
  expect_close(check, "v after two steps", values({1.9f}), v);
  expect_close(check, "w after two steps", values({0.71f}), w);
}

TEST_CASE("exercise 3, check 'equals the library over three steps'") {
  const Check check{3, "equals the library", "eqs. (1)–(2), applied to every entry"};
  Tensor w = random_tensor({3, 2}, 8), w_library = w, v = xt::zeros<float>({3, 2});
  Tensor gradient;
  SgdSettings settings;
  settings.learning_rate = 0.05f;
  settings.momentum = 0.8f;
  Sgd sgd(settings);
  for (int step = 0; step < 3; ++step) {
    gradient = random_tensor({3, 2}, 9 + static_cast<std::uint64_t>(step));
    sgd.step({{"weight", &w_library, &gradient}});
    sgd_momentum_step(w, v, gradient, settings.learning_rate, settings.momentum);
  }
  expect_close(check, "w after three steps, random 3×2", w_library, w);
}
