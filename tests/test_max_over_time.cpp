// MaxOverTime: values, winners and ties, the gradient routed to the winners, finite differences.
//
// Shapes: x N×F×L, y N×F.
#include <doctest/doctest.h>

#include "framework/errors.hpp"
#include "framework/layers/max_over_time.hpp"
#include "gradient_check.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_max_over_time {

using namespace glassbox;
using glassbox::testing::check_gradients;
using glassbox::testing::random_tensor;

TEST_CASE("MaxOverTime takes each map's largest value and remembers where it was") {
  MaxOverTime pool;
  const Tensor x{{{1.0f, 5.0f, 2.0f}, {-3.0f, -1.0f, -2.0f}},
                 {{7.0f, 7.0f, 0.0f}, {0.0f, 0.0f, 0.0f}}};
  const Tensor& y = pool.forward(x);
  CHECK(y == Tensor{{5.0f, -1.0f}, {7.0f, 0.0f}});
  // Flat indices into x; ties go to the first (earliest) maximum.
  CHECK(pool.winners() == std::vector<std::size_t>{1, 4, 6, 9});
  for (std::size_t o = 0; o < y.size(); ++o) CHECK(x.data()[pool.winners()[o]] == y.data()[o]);
  CHECK(pool.output_shape({4, 9}) == Shape{4});
}

TEST_CASE("MaxOverTime sends each output's gradient to its winner only") {
  MaxOverTime pool;
  pool.forward(Tensor{{{1.0f, 5.0f, 2.0f}, {3.0f, 1.0f, 2.0f}}});
  const Tensor& dx = pool.backward(Tensor{{10.0f, 20.0f}});
  CHECK(dx == Tensor{{{0.0f, 10.0f, 0.0f}, {20.0f, 0.0f, 0.0f}}});
}

TEST_CASE("MaxOverTime gradient matches finite differences away from ties") {
  // Values 0.1 apart, shuffled, so that a step of 0.01 never changes a winner.
  Tensor x = Tensor::from_shape({2, 3, 5});
  for (std::size_t i = 0; i < x.size(); ++i) x.data()[i] = 0.1f * static_cast<float>((i * 7) % 30);
  MaxOverTime pool;
  check_gradients(pool, x);
}

TEST_CASE("MaxOverTime rejects what is not N×F×L") {
  MaxOverTime pool;
  CHECK_THROWS_AS(pool.forward(random_tensor({2, 3}, 1)), ArgumentError);
  CHECK_THROWS_AS(pool.output_shape({3}), ArgumentError);
  CHECK_THROWS_AS(pool.output_shape({3, 0}), ArgumentError);
  pool.forward(random_tensor({2, 3, 4}, 2));
  CHECK_THROWS_AS(pool.backward(random_tensor({2, 4}, 3)), ArgumentError);
}

}  // namespace test_max_over_time
