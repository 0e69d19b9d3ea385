// Occlusion (explain/occlusion.hpp, docs/math/explanations.md eq. 13): on a linear model each
// window's drop is Σ_{i∈W} w_i (x_i − v), so the map is known by hand for tiling and for
// overlapping windows; single features of a flat input; windows that do not tile are refused.
//
// Shapes: the linear model takes N×1×4×4 images (or N×4 features); logits N×2.
#include <doctest/doctest.h>

#include <xtensor/xview.hpp>

#include "explain/occlusion.hpp"
#include "framework/errors.hpp"
#include "framework/layers/flatten.hpp"
#include "lrp_reference.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_occlusion {

using namespace glassbox;
using namespace glassbox::explain;
using namespace glassbox::testing;

namespace {

// f_0(x) = Σ_i w_i x_i + 1 with w_i = i − 5 for the 16 pixels, f_1 = −100: class 0 is explained.
Sequential linear_image_model() {
  Sequential model({1, 4, 4});
  model.add(std::make_unique<Flatten>());
  Tensor weight = Tensor::from_shape({16, 2});
  for (std::size_t i = 0; i < 16; ++i) {
    weight(i, 0) = static_cast<float>(i) - 5.0f;
    weight(i, 1) = 0.0f;
  }
  model.add(dense_layer(weight, values({1.0f, -100.0f})));
  return model;
}

// The drop of window (top, left) of side `patch`: Σ_{i∈W} w_i (x_i − v).
double window_drop(const Tensor& x, std::size_t top, std::size_t left, std::size_t patch, float v) {
  double drop = 0.0;
  for (std::size_t y = top; y < top + patch; ++y) {
    for (std::size_t c = left; c < left + patch; ++c) {
      const std::size_t i = y * 4 + c;
      drop += (static_cast<double>(i) - 5.0) * (x.data()[i] - v);
    }
  }
  return drop;
}

}  // namespace

TEST_CASE("Tiling windows on a linear model: every pixel gets its window's drop") {
  Sequential model = linear_image_model();
  const Tensor x = random_tensor({2, 1, 4, 4}, 21, 0.0f, 1.0f);
  OcclusionOptions options;
  options.patch = options.stride = 2;
  options.value = 0.25f;
  const Explanation map = occlusion(model, x, {}, options);
  CHECK(map.targets == Labels{0, 0});
  std::vector<double> expected;
  for (std::size_t n = 0; n < 2; ++n) {
    const Tensor sample = xt::view(x, n);
    for (std::size_t y = 0; y < 4; ++y) {
      for (std::size_t c = 0; c < 4; ++c) {
        expected.push_back(window_drop(sample, y / 2 * 2, c / 2 * 2, 2, 0.25f));
      }
    }
  }
  check_close(map.relevance, expected, 1e-4);
}

TEST_CASE("Overlapping windows: a pixel gets the mean drop of the windows over it") {
  Sequential model = linear_image_model();
  const Tensor x = random_tensor({1, 1, 4, 4}, 22, 0.0f, 1.0f);
  OcclusionOptions options;
  options.patch = 2;
  options.stride = 1;  // 3×3 window positions
  const Explanation map = occlusion(model, x, {}, options);
  std::vector<double> expected(16, 0.0), count(16, 0.0);
  for (std::size_t top = 0; top < 3; ++top) {
    for (std::size_t left = 0; left < 3; ++left) {
      const double drop = window_drop(x, top, left, 2, 0.0f);
      for (std::size_t y = top; y < top + 2; ++y) {
        for (std::size_t c = left; c < left + 2; ++c) {
          expected[y * 4 + c] += drop;
          count[y * 4 + c] += 1.0;
        }
      }
    }
  }
  for (std::size_t i = 0; i < 16; ++i) expected[i] /= count[i];
  check_close(map.relevance, expected, 1e-4);
}

TEST_CASE("On a flat input each feature is its own window: w_i (x_i - v)") {
  Sequential model({4});
  model.add(dense_layer(rows({{3, 0}, {-1, 0}, {2, 0}, {0.5f, 0}}), values({0, 0})));
  const Tensor x = rows({{1.0f, 2.0f, 0.5f, 4.0f}});
  OcclusionOptions options;
  options.value = 1.0f;
  check_close(occlusion(model, x, {0}, options).relevance, {0.0, -1.0, -1.0, 1.5});
}

TEST_CASE("Windows that do not tile the image are refused, saying so") {
  Sequential model = linear_image_model();
  OcclusionOptions options;
  options.patch = 3;
  options.stride = 2;
  CHECK_THROWS_WITH_AS(occlusion(model, random_tensor({1, 1, 4, 4}, 23), {}, options),
                       doctest::Contains("occlusion: patches of 3×3 every 2 do not tile a 4×4"),
                       ArgumentError);
}

}  // namespace test_occlusion
