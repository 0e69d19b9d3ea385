// Grades exercise 5 (sensitivity and simple Taylor) against explain/sensitivity.hpp,
// explain/taylor.hpp and explain/gradient.hpp on a small ReLU network.
#include "explain/gradient.hpp"
#include "explain/sensitivity.hpp"
#include "explain/taylor.hpp"
#include "framework/layers/relu.hpp"
#include "lrp_reference.hpp"  // rows, values, dense_layer, random_tensor
#include "tutorials/exercises/exercises.hpp"
#include "tutorials/exercises/grading/grading.hpp"

using namespace glassbox;
using namespace glassbox::exercises;
using namespace glassbox::exercises::grading;
using namespace glassbox::testing;

namespace {

// f(x) = relu(x·W1 + b1)·W2 + b2, as the library builds it.
Sequential network(const Tensor& w1, const Tensor& b1, const Tensor& w2, const Tensor& b2) {
  Sequential model({w1.shape(0)});
  model.add(dense_layer(w1, b1));
  model.add(std::make_unique<ReLU>());
  model.add(dense_layer(w2, b2));
  return model;
}

}  // namespace

TEST_CASE("exercise 5, check 'gradient through ReLUs that are on and off'") {
  const Check check{
      5, "gradient through ReLUs on and off",
      "eq. (G) of the page, ∂f/∂x_i = Σ_j W1[i][j]·[h_j > 0]·W2[j][c]: an off unit passes nothing"};
  const Tensor w1 = rows({{1, -1}, {1, 1}}), b1 = values({0, 0}), w2 = rows({{2}, {3}});
  const Tensor b2 = values({0});
  // x = (1, 2): h = (3, 1), both on: (2 − 3, 2 + 3).  x = (2, 1): h = (3, −1), only the first.
  expect_close(check, "x = {{1, 2}} (both units on)", rows({{-1, 5}}),
               relu_network_gradient(rows({{1, 2}}), w1, b1, w2, b2, 0));
  expect_close(check, "x = {{2, 1}} (second unit off)", rows({{2, 2}}),
               relu_network_gradient(rows({{2, 1}}), w1, b1, w2, b2, 0));
}

TEST_CASE("exercise 5, check 'sensitivity and simple Taylor by hand'") {
  const Check check{
      5, "sensitivity and simple Taylor by hand",
      "docs/math/explanations.md eq. (1) R_i = (∂f/∂x_i)² and eq. (4) R_i = x_i·∂f/∂x_i"};
  const Tensor gradient = rows({{-1, 5}});
  expect_close(check, "sensitivity of gradient {{-1, 5}}", rows({{1, 25}}),
               sensitivity_relevance(gradient));
  expect_close(check, "simple Taylor of x = {{1, 2}}, gradient {{-1, 5}}", rows({{-1, 10}}),
               simple_taylor_relevance(rows({{1, 2}}), gradient));
}

TEST_CASE("exercise 5, check 'equals the library on a 4-6-3 network'") {
  const Check check{5, "equals the library",
                    "the chain rule through x·W1 + b1, the ReLU and ·W2; then eqs. (1) and (4)"};
  const Tensor w1 = random_tensor({4, 6}, 14), b1 = random_tensor({6}, 15, -0.3f, 0.3f);
  const Tensor w2 = random_tensor({6, 3}, 16), b2 = random_tensor({3}, 17);
  const Tensor x = random_tensor({5, 4}, 18);
  const std::size_t target = 1;
  Sequential model = network(w1, b1, w2, b2);
  const Labels targets(5, static_cast<int>(target));
  const Tensor gradient = relu_network_gradient(x, w1, b1, w2, b2, target);
  expect_close(check, "∂f_1/∂x, random 5×4 batch",
               explain::logit_gradient(model, x, targets).gradient, gradient);
  expect_close(check, "sensitivity, random 5×4 batch",
               explain::sensitivity(model, x, targets).relevance,
               sensitivity_relevance(explain::logit_gradient(model, x, targets).gradient));
  expect_close(check, "simple Taylor, random 5×4 batch",
               explain::simple_taylor(model, x, targets).relevance,
               simple_taylor_relevance(x, explain::logit_gradient(model, x, targets).gradient));
}
