// The colour maps (explain/render/colormap.hpp): the diverging map's endpoints, its symmetry
// about zero, the automatic limit (checked against a percentile computed here from sorted
// values), and the grey map.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "explain/render/colormap.hpp"
#include "framework/errors.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_render_colormap {

using glassbox::ArgumentError;
using glassbox::Tensor;
using namespace glassbox::render;

namespace {

// numpy.percentile(values, q) (method "linear"), written out on a sorted copy.
float reference_percentile(std::vector<float> values, float q) {
  std::sort(values.begin(), values.end());
  const double position = q / 100.0 * (values.size() - 1);
  const auto below = static_cast<std::size_t>(position);
  const std::size_t above = std::min(below + 1, values.size() - 1);
  return static_cast<float>(values[below] + (position - below) * (values[above] - values[below]));
}

}  // namespace

TEST_CASE("diverging map: 0 is white, +limit pure red, -limit pure blue") {
  CHECK(diverging_color(0.0f, 2.0f) == kWhite);
  CHECK(diverging_color(-0.0f, 2.0f) == kWhite);
  CHECK(diverging_color(2.0f, 2.0f) == Rgb{255, 0, 0});
  CHECK(diverging_color(-2.0f, 2.0f) == Rgb{0, 0, 255});
  // Beyond the limit the colour saturates instead of wrapping or overflowing.
  CHECK(diverging_color(50.0f, 2.0f) == Rgb{255, 0, 0});
  CHECK(diverging_color(-50.0f, 2.0f) == Rgb{0, 0, 255});
  CHECK(diverging_color(std::numeric_limits<float>::infinity(), 2.0f) == Rgb{255, 0, 0});
  // Halfway: the faded channels are 255·(1 − 0.5) = 127.5, rounded to 128.
  CHECK(diverging_color(1.0f, 2.0f) == Rgb{255, 128, 128});
  CHECK(diverging_color(-1.0f, 2.0f) == Rgb{128, 128, 255});
}

TEST_CASE("diverging map is symmetric: -R is R with red and blue swapped") {
  for (int step = -100; step <= 100; ++step) {
    const float relevance = 0.013f * static_cast<float>(step);
    const Rgb positive = diverging_color(relevance, 0.9f);
    const Rgb negative = diverging_color(-relevance, 0.9f);
    CHECK(positive.red == negative.blue);
    CHECK(positive.blue == negative.red);
    CHECK(positive.green == negative.green);
    // Stronger relevance is never lighter: the faded channel falls monotonically with |R|.
    if (step > 0) CHECK(positive.green <= diverging_color(relevance - 0.013f, 0.9f).green);
  }
}

TEST_CASE("diverging map with limit 0 saturates every non-zero value, and NaN is grey") {
  CHECK(diverging_color(0.0f, 0.0f) == kWhite);
  CHECK(diverging_color(1e-30f, 0.0f) == Rgb{255, 0, 0});
  CHECK(diverging_color(-1e-30f, 0.0f) == Rgb{0, 0, 255});
  CHECK(diverging_color(std::nanf(""), 1.0f) == kNotANumberColor);
}

TEST_CASE("grey map: ink on paper by default, light on dark on request, clamped") {
  CHECK(grey_color(0.0f) == kWhite);
  CHECK(grey_color(1.0f) == kBlack);
  CHECK(grey_color(0.0f, GreyStyle::light_on_dark) == kBlack);
  CHECK(grey_color(1.0f, GreyStyle::light_on_dark) == kWhite);
  CHECK(grey_color(0.5f, GreyStyle::light_on_dark) == Rgb{128, 128, 128});
  CHECK(grey_color(-3.0f) == kWhite);
  CHECK(grey_color(7.0f) == kBlack);
}

TEST_CASE("symmetric_limit is the 99.5th percentile of |R| by default") {
  std::vector<float> values;
  Tensor relevance = xt::zeros<float>({28, 28});
  for (std::size_t index = 0; index < relevance.size(); ++index) {
    // Alternating signs with growing magnitude, plus one huge outlier the percentile must ignore.
    const float value = (index % 2 == 0 ? 1.0f : -1.0f) * 0.001f * static_cast<float>(index);
    relevance.data()[index] = value;
  }
  relevance(3, 4) = -1000.0f;
  for (const float value : relevance) values.push_back(std::fabs(value));

  CHECK(symmetric_limit(relevance) == doctest::Approx(reference_percentile(values, 99.5f)));
  CHECK(symmetric_limit(relevance, 50.0f) == doctest::Approx(reference_percentile(values, 50.0f)));
  CHECK(symmetric_limit(relevance, 100.0f) == doctest::Approx(1000.0f));
  CHECK(max_absolute(relevance) == doctest::Approx(1000.0f));
  CHECK(symmetric_limit(relevance) < 1.0f);  // the outlier saturates instead of washing out
}

TEST_CASE("symmetric_limit: sparse maps fall back to the maximum, zero maps give 0") {
  Tensor sparse = xt::zeros<float>({28, 28});
  sparse(10, 10) = -0.25f;  // 1 non-zero pixel of 784: the 99.5th percentile is 0
  CHECK(symmetric_limit(sparse) == doctest::Approx(0.25f));
  CHECK(symmetric_limit(Tensor(xt::zeros<float>({5, 5}))) == 0.0f);

  // Non-finite values are ignored rather than making the limit infinite.
  Tensor with_infinity = xt::ones<float>({4});
  with_infinity(2) = std::numeric_limits<float>::infinity();
  CHECK(symmetric_limit(with_infinity, 100.0f) == doctest::Approx(1.0f));

  CHECK_THROWS_AS(symmetric_limit(sparse, 101.0f), ArgumentError);
  CHECK_THROWS_AS(symmetric_limit(sparse, -1.0f), ArgumentError);
}

TEST_CASE("relevance_image and grey_image colour every pixel; maps may carry 1-sized axes") {
  Tensor relevance = xt::zeros<float>({1, 1, 2, 3});  // a one-sample batch N×C×H×W
  relevance(0, 0, 0, 0) = 1.0f;
  relevance(0, 0, 1, 2) = -1.0f;
  const RgbImage image = relevance_image(relevance, 1.0f);
  REQUIRE(image.shape(0) == 2);
  REQUIRE(image.shape(1) == 3);
  REQUIRE(image.shape(2) == 3);
  CHECK(pixel_at(image, 0, 0) == Rgb{255, 0, 0});
  CHECK(pixel_at(image, 1, 2) == Rgb{0, 0, 255});
  CHECK(pixel_at(image, 0, 1) == kWhite);

  const RgbImage grey = grey_image(Tensor(xt::ones<float>({2, 2})));
  CHECK(pixel_at(grey, 1, 1) == kBlack);

  CHECK_THROWS_AS(relevance_image(Tensor(xt::zeros<float>({2, 2, 2})), 1.0f), ArgumentError);
  CHECK_THROWS_AS(relevance_image(Tensor(xt::zeros<float>({4})), 1.0f), ArgumentError);
}

}  // namespace test_render_colormap
