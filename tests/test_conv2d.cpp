// Conv2d and im2col: hand-computed values, the naive loops straight from the definition
// (conv2d_naive.hpp), the equivalent Dense layer (forward and backward), finite-difference
// gradients and bad input.
//
// Shapes: x N×C×H×W, W F×C×kh×kw, b F, y N×F×OH×OW (N images, C input channels, H×W pixels,
// F filters, kh×kw kernel).
#include <doctest/doctest.h>

#include <cstdint>

#include <xtensor/xmath.hpp>

#include "framework/errors.hpp"
#include "framework/layers/conv2d.hpp"
#include "framework/layers/conv2d_naive.hpp"
#include "framework/layers/dense.hpp"
#include "framework/layers/im2col.hpp"
#include "framework/layers/registry.hpp"
#include "gradient_check.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_conv2d {

using namespace glassbox;
using glassbox::testing::check_gradients;
using glassbox::testing::random_tensor;

namespace {

Conv2dSettings settings_for(std::size_t in_channels, std::size_t out_channels,
                            std::size_t kernel_height, std::size_t kernel_width, std::size_t stride,
                            std::size_t padding) {
  Conv2dSettings settings;
  settings.in_channels = in_channels;
  settings.out_channels = out_channels;
  settings.kernel_height = kernel_height;
  settings.kernel_width = kernel_width;
  settings.stride = stride;
  settings.padding = padding;
  return settings;
}

// `values` with the shape `shape` (same element count), for writing small tensors by hand.
Tensor reshaped(Tensor values, const Shape& shape) {
  values.reshape(shape);
  return values;
}

// Sets the layer's weight and bias (Parameter 0 and 1).
void set_parameters(Conv2d& conv, const Tensor& weight, const Tensor& bias) {
  auto parameters = conv.parameters();
  *parameters[0].value = weight;
  *parameters[1].value = bias;
}

// The input position read by output `output` through kernel tap `tap`, or −1 in the padding.
std::int64_t source_position(std::size_t output, std::size_t tap, std::size_t stride,
                             std::size_t padding, std::size_t size) {
  const auto position =
      static_cast<std::int64_t>(output * stride + tap) - static_cast<std::int64_t>(padding);
  return position >= 0 && position < static_cast<std::int64_t>(size) ? position : -1;
}

// The convolution straight from its definition (framework/layers/conv2d_naive.hpp): loops in
// double that share nothing with im2col or BLAS.
Tensor naive_conv2d(const Tensor& x, const Tensor& weight, const Tensor& bias, std::size_t stride,
                    std::size_t padding) {
  Tensor y;
  conv2d_forward_naive(x, weight, bias, conv2d_geometry(x, weight, stride, padding), y);
  return y;
}

// The D×K matrix T (D = C·H·W, K = F·OH·OW) with flatten(y) = flatten(x)·T + b per output pixel:
// the convolution unrolled into a Dense layer. T[(c, iy, ix)][(f, oy, ox)] = W[f][c][i][j]
// wherever input (iy, ix) sits under tap (i, j) of the window of output (oy, ox).
Tensor toeplitz_matrix(const Tensor& weight, const WindowGeometry& geometry) {
  const std::size_t filters = weight.shape(0);
  const std::size_t output_height = geometry.output_height(),
                    output_width = geometry.output_width();
  Tensor matrix = xt::zeros<float>({geometry.image_size(), filters * geometry.output_pixels()});
  for (std::size_t f = 0; f < filters; ++f)
    for (std::size_t oy = 0; oy < output_height; ++oy)
      for (std::size_t ox = 0; ox < output_width; ++ox)
        for (std::size_t c = 0; c < geometry.channels; ++c)
          for (std::size_t i = 0; i < geometry.kernel_height; ++i)
            for (std::size_t j = 0; j < geometry.kernel_width; ++j) {
              const auto iy =
                  source_position(oy, i, geometry.stride, geometry.padding, geometry.height);
              const auto ix =
                  source_position(ox, j, geometry.stride, geometry.padding, geometry.width);
              if (iy < 0 || ix < 0) continue;
              const std::size_t row = (c * geometry.height + iy) * geometry.width + ix;
              const std::size_t column = (f * output_height + oy) * output_width + ox;
              matrix(row, column) += weight(f, c, i, j);
            }
  return matrix;
}

WindowGeometry geometry_for(std::size_t channels, std::size_t height, std::size_t width,
                            std::size_t kernel_height, std::size_t kernel_width, std::size_t stride,
                            std::size_t padding) {
  return window_geometry("test", {channels, height, width}, kernel_height, kernel_width, stride,
                         padding);
}

}  // namespace

TEST_CASE("Conv2d on a 3×3 image, worked by hand") {
  Rng rng(1);
  const Tensor x = reshaped({{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}, {1, 1, 3, 3});
  const Tensor weight = reshaped({{1, 2}, {3, 4}}, {1, 1, 2, 2});

  SUBCASE("stride 1, no padding: each output is 1·a + 2·b + 3·c + 4·d of its 2×2 window") {
    Conv2d conv(settings_for(1, 1, 2, 2, 1, 0), rng);
    set_parameters(conv, weight, Tensor{0.5f});
    // 1·1 + 2·2 + 3·4 + 4·5 = 37, then 47, 67, 77; plus the bias 0.5.
    const Tensor expected = reshaped({{37.5f, 47.5f}, {67.5f, 77.5f}}, {1, 1, 2, 2});
    CHECK(xt::allclose(conv.forward(x), expected));
  }

  SUBCASE("stride 2, padding 1: the corner windows see mostly zeros") {
    Conv2d conv(settings_for(1, 1, 2, 2, 2, 1), rng);
    set_parameters(conv, weight, Tensor{0.0f});
    // Top-left window: only x[0][0] = 1, under tap (1, 1) of weight 4 → 4.
    // Top-right: x[0][1] = 2 under weight 3, x[0][2] = 3 under weight 4 → 18.
    // Bottom-left: x[1][0] = 4 under weight 2, x[2][0] = 7 under weight 4 → 36.
    // Bottom-right: the full window 5, 6, 8, 9 → 5 + 12 + 24 + 36 = 77.
    const Tensor expected = reshaped({{4, 18}, {36, 77}}, {1, 1, 2, 2});
    CHECK(xt::allclose(conv.forward(x), expected));
  }
}

TEST_CASE("im2col lays out patches row by tap, column by output pixel") {
  const Tensor x = Tensor{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
  const WindowGeometry geometry = geometry_for(1, 3, 3, 2, 2, 1, 0);
  std::vector<float> columns(4 * 4), padded_image;
  im2col(x.data(), geometry, columns.data(), 4, padded_image);
  // Row (i, j) lists x[oy + i][ox + j] over the outputs (0,0), (0,1), (1,0), (1,1).
  const std::vector<float> expected{1, 2, 4, 5,  //
                                    2, 3, 5, 6,  //
                                    4, 5, 7, 8,  //
                                    5, 6, 8, 9};
  CHECK(columns == expected);
}

TEST_CASE("col2im is the adjoint of im2col: <im2col(x), c> = <x, col2im(c)>") {
  // Adjointness is what makes col2im the correct backward pass of im2col.
  struct Case {
    std::size_t channels, height, width, kernel_height, kernel_width, stride, padding;
  };
  const Case cases[] = {
      {1, 5, 5, 3, 3, 1, 0}, {2, 6, 7, 3, 2, 2, 1}, {3, 4, 5, 5, 5, 1, 2}, {2, 7, 6, 2, 3, 3, 2},
      {1, 3, 3, 1, 1, 2, 3}, {2, 4, 17, 3, 3, 1, 1}};  // rows of 17: 8 + 8 + an overlapping 8
  for (const Case& c : cases) {
    const WindowGeometry geometry = geometry_for(c.channels, c.height, c.width, c.kernel_height,
                                                 c.kernel_width, c.stride, c.padding);
    const std::size_t pixels = geometry.output_pixels();
    // Rows padded to pixels + 3 entries: the extra entries must neither be written nor read.
    const std::size_t row_stride = pixels + 3;
    const Tensor x = random_tensor({geometry.image_size()}, 5);
    const Tensor probe = random_tensor({geometry.patch_size() * row_stride}, 6);
    std::vector<float> columns(probe.size(), 42.0f);
    std::vector<float> padded_image;
    im2col(x.data(), geometry, columns.data(), row_stride, padded_image);
    std::vector<float> back(x.size(), 0.0f);
    col2im(probe.data(), geometry, row_stride, back.data(), padded_image);
    double left = 0.0, right = 0.0;
    for (std::size_t row = 0; row < geometry.patch_size(); ++row) {
      for (std::size_t pixel = 0; pixel < row_stride; ++pixel) {
        const std::size_t index = row * row_stride + pixel;
        if (pixel < pixels) {
          left += double(columns[index]) * probe.data()[index];
        } else {
          CHECK(columns[index] == 42.0f);
        }
      }
    }
    for (std::size_t i = 0; i < x.size(); ++i) right += double(x.data()[i]) * back[i];
    INFO("stride " << c.stride << ", padding " << c.padding);
    CHECK(left == doctest::Approx(right).epsilon(1e-5));
  }
}

TEST_CASE(
    "Conv2d matches the naive loops forward and backward, for strides, paddings and kernels") {
  struct Case {
    std::size_t images, channels, filters, height, width, kernel_height, kernel_width, stride,
        padding;
  };
  const Case cases[] = {
      {2, 1, 3, 8, 8, 3, 3, 1, 0},
      {3, 2, 4, 7, 9, 3, 2, 2, 1},
      {2, 3, 2, 6, 6, 5, 5, 1, 2},
      {1, 2, 5, 9, 7, 1, 4, 3, 0},
      {2, 4, 3, 5, 5, 5, 5, 2, 2},
      // Stride-1 rows of 8, 14, 16 and 19 outputs: im2col copies rows of 8 or more in chunks of
      // 8, the last one overlapping the one before (14: the reference CNN's second layer).
      {1, 1, 2, 6, 10, 3, 3, 1, 0},
      {2, 2, 3, 6, 14, 5, 5, 1, 2},
      {1, 2, 2, 5, 17, 2, 2, 1, 0},
      {1, 1, 2, 4, 19, 3, 3, 1, 1},
  };
  Rng rng(4);
  for (const Case& c : cases) {
    Conv2d conv(
        settings_for(c.channels, c.filters, c.kernel_height, c.kernel_width, c.stride, c.padding),
        rng);
    set_parameters(conv, conv.weight(), random_tensor({c.filters}, 8));
    const Tensor x = random_tensor({c.images, c.channels, c.height, c.width}, 9);
    const Tensor expected = naive_conv2d(x, conv.weight(), conv.bias(), c.stride, c.padding);
    INFO("kernel " << c.kernel_height << "×" << c.kernel_width << ", stride " << c.stride
                   << ", padding " << c.padding);
    const Tensor& y = conv.forward(x);
    REQUIRE(y.shape() == expected.shape());
    CHECK(xt::allclose(y, expected, 1e-5, 1e-5));
    CHECK(conv.output_shape({c.channels, c.height, c.width}) ==
          Shape(y.shape().begin() + 1, y.shape().end()));

    const Tensor dy = random_tensor(shape_of(y), 10);
    for (auto& p : conv.parameters()) p.gradient->fill(0.0f);
    const Tensor dx = conv.backward(dy);
    Tensor expected_dx, expected_dw = xt::zeros<float>(conv.weight().shape()),
                        expected_db = xt::zeros<float>({c.filters});
    conv2d_backward_input_naive(dy, conv.weight(), conv.geometry(), expected_dx);
    conv2d_backward_parameters_naive(x, dy, conv.geometry(), expected_dw, expected_db);
    auto parameters = conv.parameters();
    CHECK(xt::allclose(dx, expected_dx, 1e-5, 1e-5));
    CHECK(xt::allclose(*parameters[0].gradient, expected_dw, 1e-5, 1e-4));
    CHECK(xt::allclose(*parameters[1].gradient, expected_db, 1e-5, 1e-4));
  }
}

TEST_CASE("Conv2d equals the Dense layer of its unrolled weight matrix, forward and backward") {
  Rng rng(5);
  const std::size_t images = 2, channels = 2, filters = 3, height = 5, width = 4;
  Conv2d conv(settings_for(channels, filters, 3, 2, 2, 1), rng);
  set_parameters(conv, conv.weight(), random_tensor({filters}, 10));
  const Tensor x = random_tensor({images, channels, height, width}, 11);
  const Tensor& y = conv.forward(x);
  const WindowGeometry geometry = conv.geometry();
  const std::size_t pixels = geometry.output_pixels();
  const std::size_t inputs = channels * height * width, outputs = filters * pixels;

  Dense dense(inputs, outputs, Initializer::he, rng);
  auto dense_parameters = dense.parameters();
  *dense_parameters[0].value = toeplitz_matrix(conv.weight(), geometry);
  Tensor expanded_bias = Tensor::from_shape({outputs});
  for (std::size_t f = 0; f < filters; ++f) {
    for (std::size_t pixel = 0; pixel < pixels; ++pixel) {
      expanded_bias(f * pixels + pixel) = conv.bias()(f);
    }
  }
  *dense_parameters[1].value = expanded_bias;

  Tensor flat_x = x;
  flat_x.reshape({images, inputs});
  Tensor flat_y = y;
  flat_y.reshape({images, outputs});
  CHECK(xt::allclose(dense.forward(flat_x), flat_y, 1e-5, 1e-5));

  // Backward: the same output gradient through both layers.
  const Tensor dy =
      random_tensor({images, filters, geometry.output_height(), geometry.output_width()}, 12);
  Tensor flat_dy = dy;
  flat_dy.reshape({images, outputs});
  for (auto& p : conv.parameters()) p.gradient->fill(0.0f);
  for (auto& p : dense_parameters) p.gradient->fill(0.0f);
  Tensor conv_dx = conv.backward(dy);
  const Tensor& dense_dx = dense.backward(flat_dy);
  conv_dx.reshape({images, inputs});
  CHECK(xt::allclose(conv_dx, dense_dx, 1e-5, 1e-5));

  // The weight W[f][c][i][j] appears in T at every (input, output) pair it connects, so its
  // gradient is the sum of dT over those entries; likewise b[f] over its output pixels.
  const Tensor& dense_weight_gradient = *dense_parameters[0].gradient;
  const Tensor& dense_bias_gradient = *dense_parameters[1].gradient;
  Tensor mapped_weight_gradient = xt::zeros<float>(conv.weight().shape());
  Tensor mapped_bias_gradient = xt::zeros<float>({filters});
  for (std::size_t f = 0; f < filters; ++f)
    for (std::size_t oy = 0; oy < geometry.output_height(); ++oy)
      for (std::size_t ox = 0; ox < geometry.output_width(); ++ox) {
        const std::size_t column =
            (f * geometry.output_height() + oy) * geometry.output_width() + ox;
        mapped_bias_gradient(f) += dense_bias_gradient(column);
        for (std::size_t c = 0; c < channels; ++c)
          for (std::size_t i = 0; i < geometry.kernel_height; ++i)
            for (std::size_t j = 0; j < geometry.kernel_width; ++j) {
              const auto iy = source_position(oy, i, geometry.stride, geometry.padding, height);
              const auto ix = source_position(ox, j, geometry.stride, geometry.padding, width);
              if (iy < 0 || ix < 0) continue;
              const std::size_t row = (c * height + iy) * width + ix;
              mapped_weight_gradient(f, c, i, j) += dense_weight_gradient(row, column);
            }
      }
  auto conv_parameters = conv.parameters();
  CHECK(xt::allclose(*conv_parameters[0].gradient, mapped_weight_gradient, 1e-5, 1e-5));
  CHECK(xt::allclose(*conv_parameters[1].gradient, mapped_bias_gradient, 1e-5, 1e-5));
}

TEST_CASE("Conv2d gradients match finite differences") {
  struct Case {
    std::size_t images, channels, filters, height, width, kernel_height, kernel_width, stride,
        padding;
  };
  const Case cases[] = {
      {2, 2, 3, 5, 6, 3, 3, 1, 0},  // several channels, no padding
      {2, 3, 2, 7, 6, 3, 2, 2, 1},  // non-square kernel, stride 2, padding 1
      {1, 2, 2, 6, 6, 5, 5, 1, 2},  // "same" padding
      {2, 1, 2, 6, 7, 2, 3, 2, 0},  // stride 2 leaving a row and a column unread
      {1, 2, 3, 5, 4, 3, 3, 2, 2},  // stride 2 with padding 2
  };
  Rng rng(6);
  for (const Case& c : cases) {
    Conv2dSettings settings =
        settings_for(c.channels, c.filters, c.kernel_height, c.kernel_width, c.stride, c.padding);
    settings.init = Initializer::glorot;
    Conv2d conv(settings, rng);
    set_parameters(conv, conv.weight(), random_tensor({c.filters}, 13));
    INFO("kernel " << c.kernel_height << "×" << c.kernel_width << ", stride " << c.stride
                   << ", padding " << c.padding);
    check_gradients(conv, random_tensor({c.images, c.channels, c.height, c.width}, 14));
  }
}

TEST_CASE("Conv2d accumulates parameter gradients and reuses its buffers across batch sizes") {
  Rng rng(7);
  Conv2d conv(settings_for(2, 3, 3, 3, 1, 1), rng);
  const Tensor x = random_tensor({4, 2, 6, 6}, 15);
  const Tensor dy = random_tensor({4, 3, 6, 6}, 16);
  for (auto& p : conv.parameters()) p.gradient->fill(0.0f);
  conv.forward(x);
  conv.backward(dy);
  const Tensor once = *conv.parameters()[0].gradient;
  conv.backward(dy);
  // Not bit-equal: the second pass adds image by image onto a non-zero gradient.
  CHECK(xt::allclose(*conv.parameters()[0].gradient, 2.0f * once, 1e-5, 1e-5));

  // A smaller batch after a larger one, then the larger one again: same answers as the loop.
  const Tensor small = random_tensor({1, 2, 6, 6}, 17);
  CHECK(xt::allclose(conv.forward(small), naive_conv2d(small, conv.weight(), conv.bias(), 1, 1),
                     1e-5, 1e-5));
  CHECK(
      xt::allclose(conv.forward(x), naive_conv2d(x, conv.weight(), conv.bias(), 1, 1), 1e-5, 1e-5));
}

TEST_CASE("The free functions rerun the layer with other weights") {
  // What explanation methods do: the same input and geometry, modified parameters.
  Rng rng(8);
  Conv2d conv(settings_for(2, 3, 3, 3, 1, 1), rng);
  const Tensor x = random_tensor({2, 2, 5, 5}, 18);
  conv.forward(x);
  const Tensor positive_weight = xt::maximum(conv.weight(), 0.0f);
  const Tensor zero_bias = xt::zeros<float>({3});
  Tensor z;
  Conv2dWorkspace workspace;
  conv2d_forward(conv.input(), positive_weight, zero_bias, conv.geometry(), z, workspace);
  CHECK(xt::allclose(z, naive_conv2d(x, positive_weight, zero_bias, 1, 1), 1e-5, 1e-5));
  CHECK_THROWS_AS(
      conv2d_forward(x, positive_weight, xt::zeros<float>({4}), conv.geometry(), z, workspace),
      ArgumentError);
  Tensor dx;
  CHECK_THROWS_AS(conv2d_backward_input(x, positive_weight, conv.geometry(), dx, workspace),
                  ArgumentError);
}

TEST_CASE("He initialisation uses fan_in = C·kh·kw") {
  Rng rng(9);
  Conv2d conv(settings_for(16, 64, 5, 5, 1, 2), rng);
  CHECK(xt::variance(conv.weight())() == doctest::Approx(2.0 / 400).epsilon(0.05));
  CHECK(xt::amax(xt::abs(conv.bias()))() == 0.0f);
}

TEST_CASE("Conv2d rejects bad settings and inputs with a message") {
  Rng rng(10);
  CHECK_THROWS_AS(Conv2d(settings_for(0, 4, 3, 3, 1, 0), rng), ArgumentError);
  CHECK_THROWS_AS(Conv2d(settings_for(1, 4, 3, 0, 1, 0), rng), ArgumentError);
  CHECK_THROWS_AS(Conv2d(settings_for(1, 4, 3, 3, 0, 0), rng), ArgumentError);

  Conv2d conv(settings_for(3, 4, 5, 3, 1, 1), rng);
  CHECK(conv.output_shape({3, 28, 28}) == Shape{4, 26, 28});
  CHECK_THROWS_WITH_AS(conv.output_shape({1, 28, 28}), doctest::Contains("[3, H, W]"),
                       ArgumentError);
  CHECK_THROWS_WITH_AS(conv.output_shape({784}), doctest::Contains("[3, H, W]"), ArgumentError);
  // 5 rows do not fit into 2 + 2·1 padded rows.
  CHECK_THROWS_WITH_AS(conv.output_shape({3, 2, 10}), doctest::Contains("does not fit"),
                       ArgumentError);
  CHECK_THROWS_AS(conv.forward(random_tensor({2, 1, 8, 8}, 19)), ArgumentError);
  CHECK_THROWS_AS(conv.forward(random_tensor({2, 3 * 8 * 8}, 19)), ArgumentError);
  conv.forward(random_tensor({2, 3, 8, 8}, 20));
  CHECK_THROWS_AS(conv.backward(random_tensor({2, 4, 8, 7}, 21)), ArgumentError);
}

TEST_CASE("The registry builds Conv2d from its config and round-trips it") {
  Rng rng(11);
  auto square = make_layer(
      "Conv2d", {{"in_channels", 1}, {"out_channels", 16}, {"kernel", 5}, {"padding", 2}}, rng);
  CHECK(square->output_shape({1, 28, 28}) == Shape{16, 28, 28});
  CHECK(square->config() == nlohmann::json{{"in_channels", 1},
                                           {"out_channels", 16},
                                           {"kernel", 5},
                                           {"stride", 1},
                                           {"padding", 2},
                                           {"init", "he"}});
  CHECK(make_layer("Conv2d", square->config(), rng)->config() == square->config());

  const nlohmann::json oblong = {{"in_channels", 2},  {"out_channels", 3}, {"kernel_height", 3},
                                 {"kernel_width", 1}, {"stride", 2},       {"init", "glorot"}};
  auto rebuilt = make_layer("Conv2d", oblong, rng);
  CHECK(rebuilt->output_shape({2, 9, 9}) == Shape{3, 4, 5});
  CHECK(make_layer("Conv2d", rebuilt->config(), rng)->config() == rebuilt->config());

  CHECK_THROWS_WITH_AS(make_layer("Conv2d", {{"out_channels", 3}, {"kernel", 3}}, rng),
                       doctest::Contains("in_channels"), ArgumentError);
  CHECK_THROWS_WITH_AS(
      make_layer("Conv2d", {{"in_channels", 1}, {"out_channels", 3}, {"kernel_height", 3}}, rng),
      doctest::Contains("kernel_width"), ArgumentError);
  CHECK_THROWS_WITH_AS(make_layer("Conv2d",
                                  {{"in_channels", 1},
                                   {"out_channels", 3},
                                   {"kernel", 3},
                                   {"kernel_height", 3},
                                   {"kernel_width", 3}},
                                  rng),
                       doctest::Contains("not both"), ArgumentError);
  CHECK_THROWS_WITH_AS(
      make_layer("Conv2d",
                 {{"in_channels", 1}, {"out_channels", 3}, {"kernel", 3}, {"padding", -1}}, rng),
      doctest::Contains("padding"), ArgumentError);
  CHECK_THROWS_WITH_AS(
      make_layer("Conv2d", {{"in_channels", 1}, {"out_channels", 3}, {"kernel", 3}, {"stride", 0}},
                 rng),
      doctest::Contains("stride"), ArgumentError);
  CHECK_THROWS_WITH_AS(
      make_layer("Conv2d",
                 {{"in_channels", 1}, {"out_channels", 3}, {"kernel", 3}, {"init", "xavier"}}, rng),
      doctest::Contains("unknown init"), ArgumentError);
}

}  // namespace test_conv2d
