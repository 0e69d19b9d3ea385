// Conv1d: a naive loop straight from the definition, the same numbers as Conv2d on the sequence
// read as an L×1 image, finite-difference gradients, shapes and bad input.
//
// Shapes: x N×C×L, W F×C×w×1, b F, y N×F×(L − w + 1).
#include <doctest/doctest.h>

#include <xtensor/xmath.hpp>

#include "framework/errors.hpp"
#include "framework/layers/conv1d.hpp"
#include "framework/layers/conv2d.hpp"
#include "framework/layers/registry.hpp"
#include "gradient_check.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_conv1d {

using namespace glassbox;
using glassbox::testing::check_gradients;
using glassbox::testing::random_tensor;

namespace {

// y[n][f][t] = b[f] + Σ_{c,i} W[f][c][i][0] · x[n][c][t + i], in double, one element at a time.
Tensor naive_conv1d(const Tensor& x, const Tensor& weight, const Tensor& bias) {
  const std::size_t sequences = x.shape(0), channels = x.shape(1), length = x.shape(2);
  const std::size_t filters = weight.shape(0), width = weight.shape(2);
  Tensor y = xt::zeros<float>({sequences, filters, length - width + 1});
  for (std::size_t n = 0; n < sequences; ++n)
    for (std::size_t f = 0; f < filters; ++f)
      for (std::size_t t = 0; t + width <= length; ++t) {
        double sum = bias(f);
        for (std::size_t c = 0; c < channels; ++c)
          for (std::size_t i = 0; i < width; ++i)
            sum += double(weight(f, c, i, 0)) * x(n, c, t + i);
        y(n, f, t) = static_cast<float>(sum);
      }
  return y;
}

Conv1d random_conv1d(std::size_t in_channels, std::size_t out_channels, std::size_t width,
                     std::uint64_t seed) {
  Rng rng(seed);
  Conv1d conv(in_channels, out_channels, width, Initializer::he, rng);
  *conv.parameters()[1].value = random_tensor({out_channels}, seed + 1);  // a nonzero bias
  return conv;
}

}  // namespace

TEST_CASE("Conv1d matches the definition, written as loops") {
  for (const std::size_t width : {1, 2, 3, 5}) {
    INFO("width " << width);
    Conv1d conv = random_conv1d(4, 3, width, width);
    const Tensor x = random_tensor({2, 4, 7}, 10 + width);
    const Tensor& y = conv.forward(x);
    REQUIRE(y.shape(2) == 7 - width + 1);
    CHECK(xt::allclose(y, naive_conv1d(x, conv.weight(), conv.bias()), 1e-5, 1e-5));
    CHECK(conv.output_shape({4, 7}) == Shape{3, 7 - width + 1});
    // The layer keeps its input as it came (N×C×L), though it ran on an N×C×L×1 view.
    CHECK(conv.input() == x);
  }
}

TEST_CASE("Conv1d is Conv2d on the sequence read as an L×1 image, and can be rerun that way") {
  Conv1d conv = random_conv1d(3, 5, 2, 7);
  Tensor x = random_tensor({2, 3, 6}, 8);
  const Tensor y = conv.forward(x);
  // What an explanation method does: the layer's own input, reshaped, through the free function.
  Tensor image = conv.input();
  image.reshape({2, 3, 6, 1});
  Tensor y2d;
  Conv2dWorkspace workspace;
  conv2d_forward(image, conv.weight(), conv.bias(), conv.geometry(), y2d, workspace);
  y2d.reshape({2, 5, 5});
  CHECK(y2d == y);
  CHECK(conv.geometry().height == 6);
  CHECK(conv.geometry().width == 1);
  CHECK(conv.geometry().kernel_height == 2);
  CHECK(conv.geometry().kernel_width == 1);
}

TEST_CASE("Conv1d gradients match finite differences") {
  Conv1d conv = random_conv1d(3, 4, 3, 11);
  check_gradients(conv, random_tensor({2, 3, 8}, 12));
  Conv1d pointwise = random_conv1d(2, 3, 1, 13);
  check_gradients(pointwise, random_tensor({3, 2, 4}, 14));
}

TEST_CASE("Switched off, Conv1d skips its input gradient but not its weight gradient") {
  Conv1d conv = random_conv1d(2, 2, 2, 15);
  const Tensor x = random_tensor({2, 2, 5}, 16);
  const Tensor dy = random_tensor({2, 2, 4}, 17);
  conv.forward(x);
  const Tensor full = conv.backward(dy);
  const Tensor weight_gradient = *conv.parameters()[0].gradient;
  for (auto& parameter : conv.parameters()) parameter.gradient->fill(0.0f);
  conv.set_input_gradient_needed(false);
  conv.forward(x);
  CHECK(conv.backward(dy).size() == 0);
  CHECK(*conv.parameters()[0].gradient == weight_gradient);
  CHECK(full.shape(2) == 5);
}

TEST_CASE("Conv1d rejects shapes it cannot take") {
  Conv1d conv = random_conv1d(3, 2, 4, 18);
  CHECK_THROWS_WITH_AS(conv.output_shape({3, 3}), doctest::Contains("width 4"), ArgumentError);
  CHECK_THROWS_AS(conv.output_shape({2, 10}), ArgumentError);
  CHECK_THROWS_AS(conv.forward(random_tensor({1, 3, 3}, 1)), ArgumentError);
  CHECK_THROWS_AS(conv.forward(random_tensor({3, 10}, 1)), ArgumentError);
  conv.forward(random_tensor({2, 3, 6}, 2));
  CHECK_THROWS_AS(conv.backward(random_tensor({2, 2, 4}, 3)), ArgumentError);
  Rng rng(1);
  CHECK_THROWS_AS(Conv1d(0, 2, 1, Initializer::he, rng), ArgumentError);
  CHECK_THROWS_AS(make_layer("Conv1d", {{"in_channels", 2}, {"out_channels", 2}}, rng),
                  ArgumentError);
}

TEST_CASE("The registry builds a Conv1d from its config") {
  Rng rng(19);
  const nlohmann::json config = {
      {"in_channels", 4}, {"out_channels", 6}, {"width", 2}, {"init", "glorot"}};
  const auto layer = make_layer("Conv1d", config, rng);
  CHECK(layer->type() == "Conv1d");
  CHECK(layer->config() == config);
  CHECK(layer->output_shape({4, 9}) == Shape{6, 8});
}

}  // namespace test_conv1d
