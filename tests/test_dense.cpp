// Dense: values by hand, finite-difference gradients, bad widths and the initialisations; the
// sparse path (only the nonzero columns of a batch enter the product) against the dense reference
// functions, the layer's choice between them, and the switched-off input gradient.
//
// Shapes: x N×D, W D×K, b K, y N×K.
#include <doctest/doctest.h>

#include <cmath>

#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "framework/errors.hpp"
#include "framework/layers/dense.hpp"
#include "framework/model_spec.hpp"
#include "gradient_check.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_dense {

using namespace glassbox;
using glassbox::testing::check_gradients;
using glassbox::testing::random_tensor;

namespace {

// An N×D batch like a tf-idf batch: every column outside `used` is zero in every row, and inside
// them about half the entries are zero too.
Tensor sparse_batch(std::size_t rows, std::size_t columns, const std::vector<std::uint32_t>& used,
                    std::uint64_t seed) {
  Tensor x = xt::zeros<float>({rows, columns});
  const Tensor values = random_tensor({rows, used.size()}, seed);
  for (std::size_t n = 0; n < rows; ++n) {
    for (std::size_t j = 0; j < used.size(); ++j) {
      const float value = values(n, j);
      x(n, used[j]) = value > 0.0f ? value : 0.0f;
    }
  }
  return x;
}

// The products are summed in another order, so the paths agree to float rounding, not bits.
constexpr double kRelative = 1e-5, kAbsolute = 1e-6;

}  // namespace

TEST_CASE("nonzero_columns lists the columns with a nonzero in some row, ascending") {
  std::vector<std::uint32_t> columns;
  nonzero_columns(Tensor{{0.0f, 1.0f, 0.0f, 0.0f}, {0.0f, 0.0f, 0.0f, -2.0f}}, columns);
  CHECK(columns == std::vector<std::uint32_t>{1, 3});
  nonzero_columns(xt::zeros<float>({3, 5}), columns);
  CHECK(columns.empty());
}

TEST_CASE("The sparse path gives the dense path's output and parameter gradients") {
  const std::size_t rows = 7, inputs = 300, outputs = 11;
  const std::vector<std::uint32_t> used = {0, 3, 4, 57, 58, 120, 299};
  const Tensor x = sparse_batch(rows, inputs, used, 1);
  const Tensor weight = random_tensor({inputs, outputs}, 2);
  const Tensor bias = random_tensor({outputs}, 3);
  const Tensor dy = random_tensor({rows, outputs}, 4);

  std::vector<std::uint32_t> columns;
  nonzero_columns(x, columns);
  REQUIRE(columns.size() <= used.size());
  LinearColumnsWorkspace workspace;
  Tensor sparse_y, dense_y;
  linear_forward_columns(x, columns, weight, bias, sparse_y, workspace);
  linear_forward(x, weight, bias, dense_y);
  CHECK(xt::allclose(sparse_y, dense_y, kRelative, kAbsolute));

  // Gradients accumulate, so both start from the same nonzero values.
  const Tensor start_weight = random_tensor({inputs, outputs}, 5);
  const Tensor start_bias = random_tensor({outputs}, 6);
  Tensor sparse_dw = start_weight, sparse_db = start_bias;
  Tensor dense_dw = start_weight, dense_db = start_bias;
  linear_backward_parameters_columns(x, columns, dy, sparse_dw, sparse_db, workspace);
  linear_backward_parameters(x, dy, dense_dw, dense_db);
  CHECK(xt::allclose(sparse_dw, dense_dw, kRelative, kAbsolute));
  CHECK(xt::allclose(sparse_db, dense_db, kRelative, kAbsolute));
  // Rows of dW outside the columns are untouched: the dense path adds exact zeros to them.
  CHECK(xt::view(sparse_dw, 1, xt::all()) == xt::view(start_weight, 1, xt::all()));
}

TEST_CASE("An all-zero batch gives y = b and only a bias gradient") {
  const Tensor x = xt::zeros<float>({3, 20});
  const Tensor weight = random_tensor({20, 4}, 7), bias = random_tensor({4}, 8);
  std::vector<std::uint32_t> columns;
  nonzero_columns(x, columns);
  LinearColumnsWorkspace workspace;
  Tensor y;
  linear_forward_columns(x, columns, weight, bias, y, workspace);
  for (std::size_t n = 0; n < 3; ++n) CHECK(xt::view(y, n, xt::all()) == bias);
  Tensor dw = xt::zeros<float>({20, 4}), db = xt::zeros<float>({4});
  linear_backward_parameters_columns(x, columns, xt::ones<float>({3, 4}), dw, db, workspace);
  CHECK(dw == xt::zeros<float>({20, 4}));
  CHECK(db == Tensor{3.0f, 3.0f, 3.0f, 3.0f});
}

TEST_CASE("The Dense layer takes the sparse path when at most half the columns are used") {
  Rng rng(9);
  Dense dense(40, 6, Initializer::he, rng);
  const Tensor& weight = dense.weight();
  const Tensor bias = random_tensor({6}, 10);
  *dense.parameters()[1].value = bias;

  const Tensor sparse = sparse_batch(5, 40, {2, 9, 17, 30}, 11);
  Tensor expected;
  linear_forward(sparse, weight, bias, expected);
  CHECK(xt::allclose(dense.forward(sparse), expected, kRelative, kAbsolute));
  CHECK(dense.used_sparse_path());
  CHECK(dense.nonzero_input_columns().size() <= 4);

  const Tensor full = random_tensor({5, 40}, 12);
  linear_forward(full, weight, bias, expected);
  CHECK(dense.forward(full) == expected);  // the dense path itself: bit for bit
  CHECK_FALSE(dense.used_sparse_path());

  // Backward after the sparse path: parameter gradients as the dense reference, and dx = dy·Wᵀ.
  const Tensor dy = random_tensor({5, 6}, 13);
  for (auto& parameter : dense.parameters()) parameter.gradient->fill(0.0f);
  dense.forward(sparse);
  const Tensor dx = dense.backward(dy);
  Tensor reference_dw = xt::zeros<float>({40, 6}), reference_db = xt::zeros<float>({6});
  Tensor reference_dx;
  linear_backward_parameters(sparse, dy, reference_dw, reference_db);
  linear_backward_input(dy, weight, reference_dx);
  CHECK(xt::allclose(*dense.parameters()[0].gradient, reference_dw, kRelative, kAbsolute));
  CHECK(xt::allclose(*dense.parameters()[1].gradient, reference_db, kRelative, kAbsolute));
  CHECK(dx == reference_dx);
}

TEST_CASE("Sparse inputs: the layer's gradients still match finite differences") {
  Rng rng(14);
  Dense dense(30, 4, Initializer::glorot, rng);
  // Finite differences also perturb the zero columns, each of which then joins the product.
  glassbox::testing::check_gradients(dense, sparse_batch(3, 30, {1, 5, 22}, 15));
}

TEST_CASE("Switched off, Dense skips dx; Sequential switches it off at its front while training") {
  Rng rng(16);
  Dense dense(8, 3, Initializer::he, rng);
  dense.set_input_gradient_needed(false);
  dense.forward(random_tensor({2, 8}, 17));
  CHECK(dense.backward(random_tensor({2, 3}, 18)).size() == 0);
  CHECK(xt::any(xt::not_equal(*dense.parameters()[0].gradient, 0.0f)));

  Sequential model = build_model("flatten,dense:5,relu,dense:3", {2, 4}, 19);
  model.set_training(true);
  CHECK_FALSE(model.input_gradient_needed());
  CHECK_FALSE(model.layer(0).input_gradient_needed());  // Flatten: no parameters before it
  CHECK_FALSE(model.layer(1).input_gradient_needed());  // the first Dense
  CHECK(model.layer(2).input_gradient_needed());        // feeds the first Dense's gradient
  CHECK(model.layer(3).input_gradient_needed());
  model.forward(random_tensor({2, 2, 4}, 20));
  CHECK(model.backward(random_tensor({2, 3}, 21)).size() == 0);

  model.set_training(false);  // as explanation methods do: dL/d(input) is back
  CHECK(model.layer(1).input_gradient_needed());
  model.forward(random_tensor({2, 2, 4}, 20));
  const Tensor& input_gradient = model.backward(random_tensor({2, 3}, 21));
  CHECK(input_gradient.shape(1) == 2);
  CHECK(input_gradient.shape(2) == 4);
}

TEST_CASE("Dense computes x·W + b") {
  Rng rng(1);
  Dense dense(2, 3, Initializer::he, rng);
  auto params = dense.parameters();
  *params[0].value = Tensor{{1, 2, 3}, {4, 5, 6}};
  *params[1].value = Tensor{0.5f, -0.5f, 1.0f};
  const Tensor& y = dense.forward(Tensor{{1, -1}, {2, 0.5f}});
  const Tensor expected{{-2.5f, -3.5f, -2.0f}, {4.5f, 6.0f, 10.0f}};
  CHECK(xt::allclose(y, expected));
}

TEST_CASE("Dense gradients match finite differences") {
  Rng rng(2);
  Dense dense(5, 4, Initializer::glorot, rng);
  check_gradients(dense, random_tensor({3, 5}, 3));
}

TEST_CASE("Dense rejects inputs of the wrong width") {
  Rng rng(2);
  Dense dense(5, 4, Initializer::he, rng);
  CHECK_THROWS_AS(dense.forward(random_tensor({3, 6}, 3)), ArgumentError);
  CHECK_THROWS_AS(dense.output_shape({1, 28, 28}), ArgumentError);
}

TEST_CASE("He and Glorot initialisation have the intended spread and are seeded") {
  Rng first(7), second(7);
  Dense a(400, 300, Initializer::he, first), b(400, 300, Initializer::he, second);
  CHECK(a.weight() == b.weight());
  const double variance = xt::variance(a.weight())();
  CHECK(variance == doctest::Approx(2.0 / 400).epsilon(0.05));
  Rng third(8);
  Dense c(400, 300, Initializer::glorot, third);
  const double limit = std::sqrt(6.0 / 700);
  CHECK(xt::amax(xt::abs(c.weight()))() <= limit);
  CHECK(xt::variance(c.weight())() == doctest::Approx(limit * limit / 3).epsilon(0.05));
}

}  // namespace test_dense
