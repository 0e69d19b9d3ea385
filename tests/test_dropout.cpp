// Dropout: the share of units kept and their scale in training, the identity in evaluation, and
// the mask as the backward pass.
#include <doctest/doctest.h>

#include <xtensor/xmath.hpp>

#include "framework/errors.hpp"
#include "framework/layers/dropout.hpp"
#include "gradient_check.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_dropout {

using namespace glassbox;
using glassbox::testing::random_tensor;

TEST_CASE("Dropout scales kept units in training and is the identity in evaluation") {
  Dropout dropout(0.5f, 11);
  const Tensor x = xt::ones<float>({200, 50});
  CHECK(dropout.forward(x) == x);
  dropout.set_training(true);
  const Tensor y = dropout.forward(x);
  const double kept = xt::sum(xt::cast<double>(xt::equal(y, 2.0f)))();
  CHECK(kept / x.size() == doctest::Approx(0.5).epsilon(0.05));
  CHECK(xt::sum(xt::cast<double>(xt::equal(y, 0.0f)))() + kept == doctest::Approx(x.size()));
  // With the mask frozen the layer is linear: the backward pass is that same mask.
  const Tensor r = random_tensor({200, 50}, 12);
  CHECK(xt::allclose(dropout.backward(r), r * y));
  CHECK_THROWS_AS(Dropout(1.0f, 1), ArgumentError);
}

}  // namespace test_dropout
