// SmoothGrad (explain/smooth_grad.hpp, docs/math/explanations.md eq. 16): with no noise it is the
// method it smooths; the same seed gives the same map; against a loop that draws the same noise
// and averages by hand, plain and squared; the noisy copies explain x's class.
//
// Shapes: inputs N×1×4×4, logits N×3.
#include <doctest/doctest.h>

#include <random>

#include "explain/gradient.hpp"
#include "explain/sensitivity.hpp"
#include "explain/smooth_grad.hpp"
#include "framework/errors.hpp"
#include "framework/model_spec.hpp"
#include "framework/random.hpp"
#include "lrp_reference.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_smooth_grad {

using namespace glassbox;
using namespace glassbox::explain;
using namespace glassbox::testing;

namespace {

Sequential small_network() {
  return build_model("flatten,dense:12,relu,dense:3", {1, 4, 4}, 11);
}

const GradientMethod gradient_method = logit_gradient_map;

std::vector<double> as_doubles(const Tensor& t) {
  return {t.begin(), t.end()};
}

}  // namespace

TEST_CASE("Without noise SmoothGrad is the method it smooths") {
  Sequential model = small_network();
  const Tensor x = random_tensor({3, 1, 4, 4}, 12, 0.0f, 1.0f);
  SmoothGradOptions options;
  options.noise = 0.0f;
  options.samples = 5;
  check_close(smooth_grad(model, x, gradient_method, options).relevance,
              as_doubles(logit_gradient(model, x).gradient));
  const GradientMethod squared_gradient = [](Sequential& m, const Tensor& in, const Labels& t) {
    return sensitivity(m, in, t);
  };
  check_close(smooth_grad(model, x, squared_gradient, options).relevance,
              as_doubles(sensitivity(model, x).relevance));
}

TEST_CASE("SmoothGrad is the loop over noisy copies it claims, and deterministic by seed") {
  Sequential model = small_network();
  const Tensor x = random_tensor({2, 1, 4, 4}, 13, 0.0f, 1.0f);
  SmoothGradOptions options;
  options.samples = 6;
  options.noise = 0.2f;
  options.low = -1.0f;  // σ = 0.2 · 2 = 0.4
  options.seed = 7;
  const Labels targets = logit_gradient(model, x).targets;

  // The loop: draw the copies in the same order, explain x's classes, average g and g².
  Rng rng(7);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<double> mean(x.size(), 0.0), mean_square(x.size(), 0.0);
  for (std::size_t k = 0; k < 6; ++k) {
    Tensor noisy = x;
    for (float& value : noisy) value += 0.4f * normal(rng);
    const Tensor g = logit_gradient(model, noisy, targets).gradient;
    for (std::size_t i = 0; i < x.size(); ++i) {
      mean[i] += g.data()[i] / 6.0;
      mean_square[i] += g.data()[i] * g.data()[i] / 6.0;
    }
  }
  const Explanation smooth = smooth_grad(model, x, gradient_method, options);
  check_close(smooth.relevance, mean);
  CHECK(smooth.targets == targets);
  options.squared = true;
  check_close(smooth_grad(model, x, gradient_method, options).relevance, mean_square);

  // The same seed, the same map; another seed, another.
  CHECK(smooth_grad(model, x, gradient_method, options).relevance ==
        smooth_grad(model, x, gradient_method, options).relevance);
  SmoothGradOptions other = options;
  other.seed = 8;
  CHECK_FALSE(smooth_grad(model, x, gradient_method, other).relevance ==
              smooth_grad(model, x, gradient_method, options).relevance);
}

TEST_CASE("SmoothGrad refuses no samples and negative noise") {
  Sequential model = small_network();
  const Tensor x = random_tensor({1, 1, 4, 4}, 14);
  SmoothGradOptions none;
  none.samples = 0;
  CHECK_THROWS_AS(smooth_grad(model, x, gradient_method, none), ArgumentError);
  SmoothGradOptions negative;
  negative.noise = -0.1f;
  CHECK_THROWS_AS(smooth_grad(model, x, gradient_method, negative), ArgumentError);
}

}  // namespace test_smooth_grad
