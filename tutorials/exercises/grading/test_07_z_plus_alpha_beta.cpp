// Grades exercise 7 (z⁺ and αβ) against explain/lrp/rules/z_plus.hpp and alpha_beta.hpp.
#include "explain/lrp/rules/alpha_beta.hpp"
#include "explain/lrp/rules/z_plus.hpp"
#include "lrp_reference.hpp"  // rows, values, dense_layer, random_tensor
#include "tutorials/exercises/exercises.hpp"
#include "tutorials/exercises/grading/grading.hpp"

using namespace glassbox;
using namespace glassbox::exercises;
using namespace glassbox::exercises::grading;
using namespace glassbox::testing;

TEST_CASE("exercise 7, check 'z+ ignores negative weights'") {
  const Check check{7, "z+ ignores negative weights",
                    "docs/math/lrp.md eq. (7): only a_i w_ij⁺ enter numerator and denominator"};
  // a w⁺ = (2, 0): all of R = 3 goes to the first input.
  expect_close(check, "a = {{1, 1}}, W = {{2}, {-1}}, R = {{3}}", rows({{3, 0}}),
               lrp_z_plus(rows({{1, 1}}), rows({{2}, {-1}}), rows({{3}})));
}

TEST_CASE("exercise 7, check 'alpha2beta1 by hand'") {
  const Check check{7, "alpha2beta1 by hand",
                    "docs/math/lrp.md eq. (8): the negative part has its own denominator "
                    "Σ_i a_i w_ij⁻, and is subtracted with β"};
  // Positive part (3, 0), negative part: a w⁻ = (0, −1) over −1 → (0, 3). 2·(3, 0) − 1·(0, 3).
  expect_close(check, "a = {{1, 1}}, W = {{2}, {-1}}, R = {{3}}, α = 2, β = 1", rows({{6, -3}}),
               lrp_alpha_beta(rows({{1, 1}}), rows({{2}, {-1}}), rows({{3}}), 2.0f, 1.0f));
}

TEST_CASE("exercise 7, check 'equals the library on a 3×5 → 4 layer'") {
  const Check check{7, "equals the library",
                    "docs/math/lrp.md eqs. (7)–(8); the layer's bias takes no part here"};
  const Tensor w = random_tensor({5, 4}, 23), b = random_tensor({4}, 24, -0.5f, 0.5f);
  const Tensor a = random_tensor({3, 5}, 25, 0.0f, 1.0f), r = random_tensor({3, 4}, 26);
  auto layer = dense_layer(w, b);
  layer->forward(a);
  const explain::LinearLayer linear(*layer);
  expect_close(check, "z+, random a 3×5 (≥ 0), W 5×4",
               explain::propagate(linear, a, r, explain::ZPlusRule{}, false), lrp_z_plus(a, w, r));
  for (const auto& [alpha, beta] : {std::pair<float, float>{1, 0}, {2, 1}}) {
    expect_close(check,
                 "alpha-beta with α = " + std::to_string(alpha) + ", β = " + std::to_string(beta),
                 explain::propagate(linear, a, r, explain::AlphaBetaRule{alpha, beta}, false),
                 lrp_alpha_beta(a, w, r, alpha, beta));
  }
}
