// The LRP core (explain/lrp/propagate.hpp, docs/math/lrp.md eq. 3): each of the four steps by
// hand, the stabiliser's sign(0) = +1, the bias flag, one core for dense and convolutional layers,
// average pooling as a linear layer (eq. 13) against plain loops, and the z of step 1: the forward
// pass's own, or summed as the layer sums.
//
// Shapes: Dense a N×D, W D×K; Conv2d and pooling a N×C×H×W; z, s and R like the layer's output.
#include <doctest/doctest.h>

#include <xtensor/xbuilder.hpp>

#include "explain/lrp/propagate.hpp"
#include "explain/lrp/rules/epsilon.hpp"
#include "explain/lrp/rules/lrp_zero.hpp"
#include "framework/errors.hpp"
#include "framework/layers/avg_pool2d.hpp"
#include "lrp_reference.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_propagate {

using namespace glassbox;
using namespace glassbox::explain;
using namespace glassbox::testing;

TEST_CASE("The four steps by hand (LRP-0, two inputs, one output)") {
  // a = (1, 2), w = (3, −1), b = 1, R = 4.
  auto layer = dense_layer(rows({{3.0f}, {-1.0f}}), values({1.0f}));
  const Tensor a = rows({{1.0f, 2.0f}});
  layer->forward(a);
  const LinearLayer linear(*layer);
  const ModifiedParameters modified = modify(linear, LrpZeroRule{}, true);
  const Tensor z = modified_forward(linear, modified, a);  // 1. z = 1·3 + 2·(−1) + 1 = 2
  check_close(z, {2.0});
  const Tensor s = stabilized_divide(rows({{4.0f}}), z, 0.0f);  // 2. s = 4/2 = 2
  check_close(s, {2.0});
  const Tensor c = modified_backward(linear, modified, s);  // 3. c = w·s = (6, −2)
  check_close(c, {6.0, -2.0});
  const Tensor relevance = a * c;  // 4. R = a ⊙ c = (6, −4)
  check_close(relevance, {6.0, -4.0});
  check_close(propagate(linear, a, rows({{4.0f}}), LrpZeroRule{}, true), {6.0, -4.0});
}

TEST_CASE("The stabiliser adds epsilon * sign(z) with sign(0) = +1") {
  // z = (0, 2, −2), R = 1, ε = 0.5: s = (1/0.5, 1/2.5, 1/−2.5) = (2, 0.4, −0.4).
  check_close(stabilized_divide(values({1.0f, 1.0f, 1.0f}), values({0.0f, 2.0f, -2.0f}), 0.5f),
              {2.0, 0.4, -0.4});
  // With ε = 0 a z of exactly 0 passes nothing on instead of dividing by zero.
  check_close(stabilized_divide(values({1.0f, 1.0f}), values({0.0f, 4.0f}), 0.0f), {0.0, 0.25});
  CHECK_THROWS_AS(stabilized_divide(values({1.0f}), values({1.0f, 2.0f}), 0.0f), ArgumentError);
}

TEST_CASE("modify applies the rule to copies of the parameters; without biases rho(b) = 0") {
  auto layer = dense_layer(rows({{3.0f}, {-1.0f}}), values({1.0f}));
  layer->forward(rows({{1.0f, 2.0f}}));
  const LinearLayer linear(*layer);
  struct Doubling {
    float epsilon = 0.0f;
    float weight(float w) const { return 2 * w; }
    float bias(float b) const { return 3 * b; }
  };
  const ModifiedParameters with_bias = modify(linear, Doubling{}, true);
  const ModifiedParameters without = modify(linear, Doubling{}, false);
  check_close(with_bias.weight, {6.0, -2.0});
  check_close(with_bias.bias, {3.0});
  check_close(without.bias, {0.0});
  check_close(layer->weight(), {3.0, -1.0});  // the layer is untouched
  check_close(layer->bias(), {1.0});
}

TEST_CASE("One core for Dense and Conv2d: a 1x1 convolution on 1x1 images is a dense layer") {
  // Conv weight F×C×1×1 read as C×F is the dense weight; same biases, same inputs → same relevance.
  auto conv = conv_layer(4, 3, 1, 1, 0, 5);
  Tensor dense_weight = Tensor::from_shape({4, 3});
  for (std::size_t f = 0; f < 3; ++f) {
    for (std::size_t c = 0; c < 4; ++c) dense_weight(c, f) = conv->weight()(f, c, 0, 0);
  }
  auto dense = dense_layer(dense_weight, conv->bias());
  const Tensor x = random_tensor({5, 4}, 6);
  Tensor images = x;
  images.reshape({5, 4, 1, 1});
  dense->forward(x);
  conv->forward(images);
  const Tensor relevance = random_tensor({5, 3}, 7);
  Tensor relevance_images = relevance;
  relevance_images.reshape({5, 3, 1, 1});
  const Tensor from_dense = propagate(LinearLayer(*dense), x, relevance, EpsilonRule{0.1f}, true);
  const Tensor from_conv =
      propagate(LinearLayer(*conv), images, relevance_images, EpsilonRule{0.1f}, true);
  check_close(from_conv, std::vector<double>(from_dense.begin(), from_dense.end()));
}

TEST_CASE("Average and sum pooling propagate as linear layers with weights 1/k^2 or 1 (eq. 13)") {
  // Overlapping 3×3 windows, stride 2, on 2×2×7×7 positive inputs.
  const Tensor x = random_tensor({2, 2, 7, 7}, 8, 0.1f, 1.0f);
  for (const bool sum : {false, true}) {
    for (const float epsilon : {0.0f, 0.5f}) {
      INFO((sum ? "sum pooling" : "average pooling") << ", epsilon " << epsilon);
      AvgPool2d pool(3, 2, sum);
      const Tensor& y = pool.forward(x);
      const Tensor relevance = random_tensor(Shape(y.shape().begin(), y.shape().end()), 9);
      // R_i = Σ_{o ∋ i} scale·a_i / (scale·Σ_{i' in o} a_i' + ε) · R_o, from the definition.
      const double scale = sum ? 1.0 : 1.0 / 9.0;
      std::vector<double> expected(x.size(), 0.0);
      for (std::size_t plane = 0; plane < 4; ++plane) {
        for (std::size_t oy = 0; oy < 3; ++oy) {
          for (std::size_t ox = 0; ox < 3; ++ox) {
            double z = 0.0;
            for (std::size_t u = 0; u < 3; ++u) {
              for (std::size_t v = 0; v < 3; ++v) {
                z += scale * x.data()[plane * 49 + (2 * oy + u) * 7 + 2 * ox + v];
              }
            }
            z += epsilon;  // z > 0
            const double r = relevance.data()[plane * 9 + oy * 3 + ox];
            for (std::size_t u = 0; u < 3; ++u) {
              for (std::size_t v = 0; v < 3; ++v) {
                const std::size_t i = plane * 49 + (2 * oy + u) * 7 + 2 * ox + v;
                expected[i] += scale * x.data()[i] / z * r;
              }
            }
          }
        }
      }
      check_close(propagate(LinearLayer(pool), x, relevance, EpsilonRule{epsilon}, true), expected);
    }
  }
}

TEST_CASE("Step 1 takes the z of the layer's forward pass when rho changes nothing") {
  // A batch using 500 of 2000 columns takes Dense's sparse path, which sums x·W in other blocks
  // than a product over all columns. Explaining R = z itself must give s = z / z = 1 exactly, so
  // R_in = a ⊙ Wᵀ1 to the bit: the z of step 1 is the forward pass's, not a recomputation.
  auto layer = random_dense(2000, 7, 30);
  Tensor a = xt::zeros<float>({4, 2000});
  const Tensor ink = random_tensor({4, 500}, 31, -1.0f, 1.0f);
  for (std::size_t n = 0; n < 4; ++n) {
    for (std::size_t k = 0; k < 500; ++k) a(n, 4 * k + 1) = ink(n, k);
  }
  const Tensor z = layer->forward(a);
  REQUIRE(layer->used_sparse_path());
  Tensor ones_through_weights;
  linear_backward_input(xt::ones<float>({4, 7}), layer->weight(), ones_through_weights);
  const Tensor expected = a * ones_through_weights;
  CHECK(propagate(LinearLayer(*layer), a, z, LrpZeroRule{}, true) == expected);
  // The same values in another tensor are the same activations.
  const Tensor copy = a;
  CHECK(propagate(LinearLayer(*layer), copy, z, LrpZeroRule{}, true) == expected);
  // With another ρ(b) (biases off) step 1 computes z, by the sparse path as the layer does.
  const ModifiedParameters without_bias = modify(LinearLayer(*layer), LrpZeroRule{}, false);
  CHECK_FALSE(without_bias.unchanged);
  Tensor sparse;
  std::vector<std::uint32_t> columns;
  LinearColumnsWorkspace workspace;
  nonzero_columns(a, columns);
  linear_forward_columns(a, columns, without_bias.weight, without_bias.bias, sparse, workspace);
  CHECK(modified_forward(LinearLayer(*layer), without_bias, a) == sparse);
}

}  // namespace test_propagate
