// Grades exercise 2 (softmax cross-entropy and its gradient) against
// framework/losses/softmax_cross_entropy.hpp.
#include <cmath>

#include "framework/losses/softmax_cross_entropy.hpp"
#include "lrp_reference.hpp"  // rows, random_tensor
#include "tutorials/exercises/exercises.hpp"
#include "tutorials/exercises/grading/grading.hpp"

using namespace glassbox;
using namespace glassbox::exercises::grading;
using namespace glassbox::testing;
namespace ex = glassbox::exercises;

TEST_CASE("exercise 2, check 'softmax of equal logits'") {
  const Check check{2, "softmax of equal logits", "p_k = e^{z_k} / Σ_j e^{z_j}, eq. (1)"};
  expect_close(check, "z = {{0, 0}}", rows({{0.5f, 0.5f}}), ex::softmax(rows({{0, 0}})));
  expect_close(check, "z = {{0, ln 3}}", rows({{0.25f, 0.75f}}),
               ex::softmax(rows({{0, std::log(3.0f)}})));
}

TEST_CASE("exercise 2, check 'softmax of large logits stays finite'") {
  const Check check{2, "softmax of large logits stays finite",
                    "the hint on subtracting the row maximum before exp, eq. (1)"};
  expect_close(check, "z = {{1000, 1000}, {-1000, -1000}}", rows({{0.5f, 0.5f}, {0.5f, 0.5f}}),
               ex::softmax(rows({{1000, 1000}, {-1000, -1000}})));
}

TEST_CASE("exercise 2, check 'loss and gradient of one sample'") {
  const Check check{2, "loss and gradient of one sample",
                    "L = log Σ e^z − z_y, eq. (2), and dL/dz = p − onehot(y), eq. (3)"};
  expect_close(check, "L for z = {{0, 0}}, y = 0 (ln 2)", std::log(2.0),
               ex::cross_entropy(rows({{0, 0}}), {0}));
  expect_close(check, "dL/dz for z = {{0, 0}}, y = 0", rows({{-0.5f, 0.5f}}),
               ex::cross_entropy_gradient(rows({{0, 0}}), {0}));
}

TEST_CASE("exercise 2, check 'the batch mean'") {
  const Check check{2, "the batch mean",
                    "the 1/N of eqs. (2) and (3): the loss and the gradient are batch averages"};
  // Two samples with z = {0, 0}: the loss stays ln 2, each gradient row is halved.
  expect_close(check, "L for z = {{0, 0}, {0, 0}}, y = {0, 1}", std::log(2.0),
               ex::cross_entropy(rows({{0, 0}, {0, 0}}), {0, 1}));
  expect_close(check, "dL/dz for z = {{0, 0}, {0, 0}}, y = {0, 1}",
               rows({{-0.25f, 0.25f}, {0.25f, -0.25f}}),
               ex::cross_entropy_gradient(rows({{0, 0}, {0, 0}}), {0, 1}));
}

TEST_CASE("exercise 2, check 'equals the library on a 3×4 batch'") {
  const Check check{2, "equals the library", "eqs. (1)–(3) of the exercise page"};
  const Tensor z = 3.0f * random_tensor({3, 4}, 7);
  const Labels y{2, 0, 3};
  SoftmaxCrossEntropy loss;
  const float expected = loss.forward(z, y);
  expect_close(check, "softmax, random 3×4 logits", loss.probabilities(), ex::softmax(z));
  expect_close(check, "L, random 3×4 logits", expected, ex::cross_entropy(z, y));
  expect_close(check, "dL/dz, random 3×4 logits", loss.backward(),
               ex::cross_entropy_gradient(z, y));
}
