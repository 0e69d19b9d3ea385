// Grades exercise 1 (a Dense layer, forward and backward) against framework/layers/dense.hpp.
#include "framework/layers/dense.hpp"
#include "lrp_reference.hpp"  // rows, values, random_tensor
#include "tutorials/exercises/exercises.hpp"
#include "tutorials/exercises/grading/grading.hpp"

using namespace glassbox;
using namespace glassbox::exercises;
using namespace glassbox::exercises::grading;
using namespace glassbox::testing;

TEST_CASE("exercise 1, check 'forward on one sample'") {
  const Check check{1, "forward on one sample", "y = x·W + b, exercise page eq. (1)"};
  // y = [1·1 + 2·2 + 0.5, 1·0 + 2·1 + 0, 1·(−1) + 2·0 − 0.5] = [5.5, 2, −1.5]
  const Tensor y =
      dense_forward(rows({{1, 2}}), rows({{1, 0, -1}, {2, 1, 0}}), values({0.5f, 0, -0.5f}));
  expect_close(check, "x = {{1, 2}}, W = {{1, 0, -1}, {2, 1, 0}}, b = {0.5, 0, -0.5}",
               rows({{5.5f, 2, -1.5f}}), y);
}

TEST_CASE("exercise 1, check 'forward equals the library on a 4×5 batch'") {
  const Check check{1, "forward equals the library", "y = x·W + b: every row gets the bias"};
  const Tensor x = random_tensor({4, 5}, 1), w = random_tensor({5, 3}, 2),
               b = random_tensor({3}, 3);
  Tensor expected;
  linear_forward(x, w, b, expected);
  expect_close(check, "random x 4×5, W 5×3, b 3", expected, dense_forward(x, w, b));
}

TEST_CASE("exercise 1, check 'backward on one sample'") {
  const Check check{1, "backward on one sample",
                    "dL/dx = dy·Wᵀ, dL/dW = xᵀ·dy, dL/db = Σ_n dy, exercise page eqs. (2)–(4)"};
  const Tensor x = rows({{1, 2}}), w = rows({{1, 0, -1}, {2, 1, 0}}), dy = rows({{1, -1, 2}});
  const DenseGradients g = dense_backward(x, w, dy);
  // dx = [1 − 0 − 2, 2 − 1 + 0] = [−1, 1];  dW = outer(x, dy);  db = dy
  expect_close(check, "dL/dx for x = {{1, 2}}, dy = {{1, -1, 2}}", rows({{-1, 1}}), g.input);
  expect_close(check, "dL/dW for x = {{1, 2}}, dy = {{1, -1, 2}}", rows({{1, -1, 2}, {2, -2, 4}}),
               g.weight);
  expect_close(check, "dL/db for dy = {{1, -1, 2}}", values({1, -1, 2}), g.bias);
}

TEST_CASE("exercise 1, check 'backward equals the library on a 4×5 batch'") {
  const Check check{1, "backward equals the library",
                    "the bias gradient sums dy over the samples; dL/dW sums xᵀ·dy over them too"};
  const Tensor x = random_tensor({4, 5}, 4), w = random_tensor({5, 3}, 5),
               dy = random_tensor({4, 3}, 6);
  Tensor dx;
  Tensor dw = xt::zeros<float>({5, 3}), db = xt::zeros<float>({3});
  linear_backward_input(dy, w, dx);
  linear_backward_parameters(x, dy, dw, db);
  const DenseGradients g = dense_backward(x, w, dy);
  expect_close(check, "dL/dx, random 4×5 batch", dx, g.input);
  expect_close(check, "dL/dW, random 4×5 batch", dw, g.weight);
  expect_close(check, "dL/db, random 4×5 batch", db, g.bias);
}
