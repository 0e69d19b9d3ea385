// Grades exercise 6 (LRP-ε by the four steps) against explain/lrp/propagate.hpp with
// explain/lrp/rules/epsilon.hpp.
#include "explain/lrp/propagate.hpp"
#include "explain/lrp/rules/epsilon.hpp"
#include "lrp_reference.hpp"  // rows, values, dense_layer, random_tensor
#include "tutorials/exercises/exercises.hpp"
#include "tutorials/exercises/grading/grading.hpp"

using namespace glassbox;
using namespace glassbox::exercises;
using namespace glassbox::exercises::grading;
using namespace glassbox::testing;

TEST_CASE("exercise 6, check 'one output, with and without ε'") {
  const Check check{6, "one output, with and without ε",
                    "the four steps of docs/math/lrp.md eq. (3) with ρ(w) = w: s = R / (z + ε), "
                    "R_in = a ⊙ (s·Wᵀ); the bias keeps its share"};
  const Tensor a = rows({{1, 2}}), w = rows({{1}, {1}}), b = values({1}), r = rows({{4}});
  // z = 1 + 2 + 1 = 4.  ε = 0: s = 1, R_in = (1, 2).  ε = 1: s = 4/5, R_in = (0.8, 1.6).
  expect_close(check, "a = {{1, 2}}, W = {{1}, {1}}, b = {1}, R = {{4}}, ε = 0", rows({{1, 2}}),
               lrp_epsilon(a, w, b, r, 0.0f));
  expect_close(check, "the same with ε = 1", rows({{0.8f, 1.6f}}), lrp_epsilon(a, w, b, r, 1.0f));
}

TEST_CASE("exercise 6, check 'ε takes the sign of z'") {
  const Check check{6, "ε takes the sign of z",
                    "docs/math/lrp.md eq. (5): z + ε·sign(z), so a negative z moves away from 0"};
  // z = −1 − 2 = −3, stabilised −4, s = −3 / −4 = 0.75, R_in = (−0.75, −1.5).
  expect_close(check, "a = {{1, 1}}, W = {{-1}, {-2}}, b = {0}, R = {{-3}}, ε = 1",
               rows({{-0.75f, -1.5f}}),
               lrp_epsilon(rows({{1, 1}}), rows({{-1}, {-2}}), values({0}), rows({{-3}}), 1.0f));
}

TEST_CASE("exercise 6, check 'equals the library on a 3×5 → 4 layer'") {
  const Check check{
      6, "equals the library",
      "docs/math/lrp.md eqs. (3) and (5): every output j sends its R_j back to all i"};
  const Tensor w = random_tensor({5, 4}, 19), b = random_tensor({4}, 20, -0.5f, 0.5f);
  const Tensor a = random_tensor({3, 5}, 21, 0.0f, 1.0f), r = random_tensor({3, 4}, 22);
  auto layer = dense_layer(w, b);
  layer->forward(a);
  const float epsilon = 0.25f;
  const Tensor expected =
      explain::propagate(explain::LinearLayer(*layer), a, r, explain::EpsilonRule{epsilon}, true);
  expect_close(check, "random a 3×5 (≥ 0), W 5×4, ε = 0.25", expected,
               lrp_epsilon(a, w, b, r, epsilon));
}
