// Flatten: N×C×H×W to N×(C·H·W) in row-major order, and back for the gradient.
#include <doctest/doctest.h>

#include <algorithm>

#include "framework/layers/flatten.hpp"
#include "gradient_check.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_flatten {

using namespace glassbox;
using glassbox::testing::check_gradients;
using glassbox::testing::random_tensor;

TEST_CASE("Flatten keeps the order and restores the shape on the way back") {
  Flatten flatten;
  const Tensor x = random_tensor({2, 3, 2, 2}, 7);
  const Tensor& y = flatten.forward(x);
  REQUIRE(y.shape() == std::vector<std::size_t>{2, 12});
  CHECK(std::equal(x.begin(), x.end(), y.begin()));
  check_gradients(flatten, x);
  CHECK(flatten.output_shape({3, 2, 2}) == Shape{12});
}

}  // namespace test_flatten
