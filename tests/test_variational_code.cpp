// The variational autoencoder's sampling step (framework/training/variational_code.hpp): its
// backward pass, KL term included, against central differences.
#include <doctest/doctest.h>

#include "framework/random.hpp"
#include "framework/training/variational_code.hpp"
#include "gradient_check.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_variational_code {

using namespace glassbox;
using glassbox::testing::check_central_differences;

TEST_CASE("The variational code's backward matches central differences") {
  // L = Σ r ⊙ z + w·KL, with the same noise ε at every evaluation (the generator is reseeded).
  const Tensor r = testing::random_tensor({3, 2}, 5);
  const float kl_weight = 0.7f;
  auto loss_of = [&](const Tensor& encoded) {
    VariationalCode code;
    Rng rng(11);
    const Tensor& z = code.forward(encoded, rng);
    double sum = kl_weight * code.kl_divergence();
    for (std::size_t i = 0; i < z.size(); ++i)
      sum += static_cast<double>(r.data()[i]) * z.data()[i];
    return sum;
  };
  const Tensor encoded = testing::random_tensor({3, 4}, 6);
  VariationalCode code;
  Rng rng(11);
  code.forward(encoded, rng);
  const Tensor analytic = code.backward(r, kl_weight);
  check_central_differences(loss_of, encoded, analytic, 1e-2f);
}

}  // namespace test_variational_code
