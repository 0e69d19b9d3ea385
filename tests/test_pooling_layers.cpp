// MaxPool2d and AvgPool2d: values by hand, winners, ties, finite-difference gradients and bad
// input.
//
// Shapes: x N×C×H×W, y N×C×OH×OW (N images, C channels, H×W pixels, k×k window).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include <xtensor/xmath.hpp>

#include "framework/errors.hpp"
#include "framework/layers/avg_pool2d.hpp"
#include "framework/layers/max_pool2d.hpp"
#include "framework/layers/registry.hpp"
#include "gradient_check.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_pooling_layers {

using namespace glassbox;
using glassbox::testing::check_gradients;
using glassbox::testing::random_tensor;

namespace {

Tensor reshaped(Tensor values, const Shape& shape) {
  values.reshape(shape);
  return values;
}

// A 4×4 image whose 2×2 windows have the maxima 5, 8, 9, 4 at flat positions 1, 6, 8, 15.
Tensor example_image() {
  return reshaped({{1, 5, 2, 0}, {3, 4, 8, 7}, {9, 6, 1, 1}, {2, 0, 3, 4}}, {1, 1, 4, 4});
}

// Distinct values spaced `gap` apart in a random order: with gap > 2h no finite-difference step
// of size h can change which input of a window is the largest.
Tensor distinct_values(const Shape& shape, float gap, std::uint64_t seed) {
  Tensor t = Tensor::from_shape(shape);
  std::vector<std::size_t> order(t.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::shuffle(order.begin(), order.end(), std::mt19937_64(seed));
  for (std::size_t i = 0; i < t.size(); ++i) {
    t.data()[i] = gap * (static_cast<float>(order[i]) - 0.5f * static_cast<float>(t.size()));
  }
  return t;
}

}  // namespace

TEST_CASE("MaxPool2d takes the largest input of each window and remembers where it was") {
  MaxPool2d pool(2);
  CHECK(pool.stride() == 2);
  const Tensor& y = pool.forward(example_image());
  CHECK(y == reshaped({{5, 8}, {9, 4}}, {1, 1, 2, 2}));
  CHECK(pool.winners() == std::vector<std::size_t>{1, 6, 8, 15});
}

TEST_CASE("MaxPool2d winners are flat indices into the whole batch") {
  // Image 1, channel 1 is the example plus 10: its winners are the example's, offset by the
  // (1·C + 1)·H·W = 48 entries before that plane.
  Tensor x = xt::zeros<float>({2, 2, 4, 4});
  std::copy_n(example_image().data(), 16, x.data() + 48);
  for (std::size_t i = 48; i < 64; ++i) x.data()[i] += 10.0f;
  MaxPool2d pool(2);
  pool.forward(x);
  const std::vector<std::size_t> winners(pool.winners().begin() + 12, pool.winners().end());
  CHECK(winners == std::vector<std::size_t>{49, 54, 56, 63});

  // The documented invariant, on random input with overlapping windows.
  MaxPool2d overlapping(3, 2);
  const Tensor random = random_tensor({3, 2, 7, 8}, 1);
  const Tensor& y = overlapping.forward(random);
  REQUIRE(overlapping.winners().size() == y.size());
  for (std::size_t o = 0; o < y.size(); ++o) {
    CHECK(y.data()[o] == random.data()[overlapping.winners()[o]]);
  }
}

TEST_CASE("MaxPool2d ties go to the first maximum in row-major window order") {
  MaxPool2d pool(2);
  pool.forward(reshaped({{7, 7, 1, 3}, {7, 7, 3, 0}}, {1, 1, 2, 4}));
  // Window 1: all four equal → top-left (0). Window 2: 3 at (0, 3) and (1, 2) → (0, 3) = 3.
  CHECK(pool.winners() == std::vector<std::size_t>{0, 3});
  const Tensor& dx = pool.backward(reshaped({{1, 2}}, {1, 1, 1, 2}));
  CHECK(dx == reshaped({{1, 0, 0, 2}, {0, 0, 0, 0}}, {1, 1, 2, 4}));
}

namespace {

// The definition in max_pool2d.hpp, written as plainly as possible: scan each window row by row
// and keep the first maximum (a comparison with NaN is false, so NaN never replaces a value).
std::vector<std::size_t> first_maxima(const Tensor& x, std::size_t kernel, std::size_t stride) {
  const std::size_t planes = x.shape(0) * x.shape(1), height = x.shape(2), width = x.shape(3);
  std::vector<std::size_t> winners;
  for (std::size_t plane = 0; plane < planes; ++plane) {
    for (std::size_t top = 0; top + kernel <= height; top += stride) {
      for (std::size_t left = 0; left + kernel <= width; left += stride) {
        std::size_t best = (plane * height + top) * width + left;
        for (std::size_t i = 0; i < kernel; ++i) {
          for (std::size_t j = 0; j < kernel; ++j) {
            const std::size_t at = (plane * height + top + i) * width + left + j;
            if (x.data()[at] > x.data()[best]) best = at;
          }
        }
        winners.push_back(best);
      }
    }
  }
  return winners;
}

}  // namespace

TEST_CASE("MaxPool2d matches the definition, ties and NaN included, on every code path") {
  // Values 0..3 make ties common; a few NaNs test the order of the comparisons; 9×11 planes
  // leave a row and a column that no 2×2 window reaches. 2×2 with stride 2 has a kernel of its
  // own (max_pool2d.cpp), the other two windows take the general loop.
  Tensor x = Tensor::from_shape({3, 2, 9, 11});
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> level(0, 3);
  for (float& value : x) value = static_cast<float>(level(rng));
  for (std::size_t at : {0, 13, 14, 40, 101, 333, 500}) x.data()[at] = std::nanf("");
  for (const auto& window : {std::pair<std::size_t, std::size_t>{2, 2}, {2, 1}, {3, 2}}) {
    const std::size_t kernel = window.first, stride = window.second;
    CAPTURE(kernel);
    CAPTURE(stride);
    MaxPool2d pool(kernel, stride);
    const Tensor& y = pool.forward(x);
    CHECK(pool.winners() == first_maxima(x, kernel, stride));
    REQUIRE(pool.winners().size() == y.size());
    for (std::size_t o = 0; o < y.size(); ++o) {
      const float expected = x.data()[pool.winners()[o]];
      CHECK((y.data()[o] == expected || (std::isnan(y.data()[o]) && std::isnan(expected))));
    }
  }
}

TEST_CASE("MaxPool2d backward sends each gradient to its winner, adding up across windows") {
  // Stride 1: the centre 9 wins all four overlapping windows and collects 1 + 2 + 3 + 4.
  MaxPool2d pool(2, 1);
  const Tensor& y = pool.forward(reshaped({{1, 2, 3}, {4, 9, 5}, {6, 7, 8}}, {1, 1, 3, 3}));
  CHECK(y == reshaped({{9, 9}, {9, 9}}, {1, 1, 2, 2}));
  const Tensor& dx = pool.backward(reshaped({{1, 2}, {3, 4}}, {1, 1, 2, 2}));
  CHECK(dx == reshaped({{0, 0, 0}, {0, 10, 0}, {0, 0, 0}}, {1, 1, 3, 3}));
}

TEST_CASE("MaxPool2d gradients match finite differences") {
  const float gap = 0.05f;  // > 2h = 0.02 for the default step h = 1e-2
  SUBCASE("2×2 windows, stride 2, an odd row left over") {
    MaxPool2d pool(2);
    check_gradients(pool, distinct_values({2, 3, 5, 6}, gap, 2));
  }
  SUBCASE("3×3 windows, stride 1 (overlapping)") {
    MaxPool2d pool(3, 1);
    check_gradients(pool, distinct_values({2, 2, 5, 5}, gap, 3));
  }
  SUBCASE("3×3 windows, stride 2") {
    MaxPool2d pool(3, 2);
    check_gradients(pool, distinct_values({1, 2, 7, 6}, gap, 4));
  }
}

TEST_CASE("AvgPool2d averages, or sums with `sum`") {
  AvgPool2d average(2);
  CHECK(xt::allclose(average.forward(example_image()),
                     reshaped({{3.25f, 4.25f}, {4.25f, 2.25f}}, {1, 1, 2, 2})));
  AvgPool2d sum(2, 2, true);
  CHECK(sum.sum());
  CHECK(xt::allclose(sum.forward(example_image()), reshaped({{13, 17}, {17, 9}}, {1, 1, 2, 2})));
  // Sum pooling is average pooling times k² (forward and backward).
  const Tensor x = random_tensor({2, 3, 6, 5}, 5);
  CHECK(xt::allclose(sum.forward(x), 4.0f * average.forward(x)));
  const Tensor dy = random_tensor({2, 3, 3, 2}, 6);
  CHECK(xt::allclose(Tensor(sum.backward(dy)), 4.0f * average.backward(dy)));
}

TEST_CASE("AvgPool2d backward spreads each gradient evenly over its window") {
  // Stride 1 on 3×3: the centre is in 4 windows, edges in 2, corners in 1; each adds dy/4.
  AvgPool2d pool(2, 1);
  pool.forward(xt::zeros<float>({1, 1, 3, 3}));
  const Tensor& dx = pool.backward(xt::ones<float>({1, 1, 2, 2}));
  CHECK(xt::allclose(dx, reshaped({{0.25f, 0.5f, 0.25f}, {0.5f, 1.0f, 0.5f}, {0.25f, 0.5f, 0.25f}},
                                  {1, 1, 3, 3})));
}

TEST_CASE("AvgPool2d gradients match finite differences") {
  SUBCASE("average, 2×2 windows, stride 2, an odd row left over") {
    AvgPool2d pool(2);
    check_gradients(pool, random_tensor({2, 3, 5, 6}, 7));
  }
  SUBCASE("average, 3×3 windows, stride 1") {
    AvgPool2d pool(3, 1);
    check_gradients(pool, random_tensor({2, 2, 5, 5}, 8));
  }
  SUBCASE("sum, 3×3 windows, stride 2") {
    AvgPool2d pool(3, 2, true);
    check_gradients(pool, random_tensor({1, 2, 7, 6}, 9));
  }
}

TEST_CASE("Pooling layers check their shapes") {
  CHECK_THROWS_AS(MaxPool2d(0), ArgumentError);
  CHECK_THROWS_AS(AvgPool2d(0), ArgumentError);
  MaxPool2d max_pool(2);
  AvgPool2d avg_pool(3, 2);
  CHECK(max_pool.output_shape({16, 28, 28}) == Shape{16, 14, 14});
  CHECK(max_pool.output_shape({1, 5, 7}) == Shape{1, 2, 3});
  CHECK(avg_pool.output_shape({2, 7, 8}) == Shape{2, 3, 3});
  CHECK_THROWS_WITH_AS(max_pool.output_shape({784}), doctest::Contains("[C, H, W]"), ArgumentError);
  CHECK_THROWS_WITH_AS(max_pool.output_shape({3, 1, 8}), doctest::Contains("does not fit"),
                       ArgumentError);
  CHECK_THROWS_WITH_AS(avg_pool.output_shape({3, 8, 2}), doctest::Contains("does not fit"),
                       ArgumentError);
  CHECK_THROWS_AS(max_pool.forward(random_tensor({2, 16}, 10)), ArgumentError);
  CHECK_THROWS_AS(avg_pool.forward(random_tensor({2, 1, 2, 9}, 10)), ArgumentError);
  max_pool.forward(random_tensor({2, 1, 4, 4}, 11));
  CHECK_THROWS_AS(max_pool.backward(random_tensor({2, 1, 2, 3}, 12)), ArgumentError);
  avg_pool.forward(random_tensor({2, 1, 5, 5}, 11));
  CHECK_THROWS_AS(avg_pool.backward(random_tensor({2, 1, 3, 2}, 12)), ArgumentError);
}

TEST_CASE("The registry builds pooling layers; stride defaults to the kernel") {
  Rng rng(1);
  auto max_pool = make_layer("MaxPool2d", {{"kernel", 2}}, rng);
  CHECK(max_pool->config() == nlohmann::json{{"kernel", 2}, {"stride", 2}});
  CHECK(max_pool->output_shape({32, 14, 14}) == Shape{32, 7, 7});
  auto avg_pool = make_layer("AvgPool2d", {{"kernel", 3}, {"stride", 1}, {"sum", true}}, rng);
  CHECK(avg_pool->config() == nlohmann::json{{"kernel", 3}, {"stride", 1}, {"sum", true}});
  CHECK(make_layer("AvgPool2d", avg_pool->config(), rng)->config() == avg_pool->config());
  CHECK(make_layer("AvgPool2d", {{"kernel", 2}}, rng)->config()["sum"] == false);

  CHECK_THROWS_WITH_AS(make_layer("MaxPool2d", {{"stride", 2}}, rng), doctest::Contains("kernel"),
                       ArgumentError);
  CHECK_THROWS_AS(make_layer("MaxPool2d", {{"kernel", 0}}, rng), ArgumentError);
  CHECK_THROWS_AS(make_layer("MaxPool2d", {{"kernel", 2}, {"stride", -1}}, rng), ArgumentError);
  CHECK_THROWS_WITH_AS(make_layer("AvgPool2d", {{"kernel", 2}, {"sum", "yes"}}, rng),
                       doctest::Contains("sum"), ArgumentError);
}

}  // namespace test_pooling_layers
