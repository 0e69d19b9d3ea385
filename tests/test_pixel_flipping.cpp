// Pixel flipping (explain/evaluation/pixel_flipping.hpp): on a linear model every step of the curve
// is known in closed form; regions tile images; every order meets the same noise; AOPC; errors.
//
// Shapes: the linear model takes N×4 features or N×1×4×4 images; logits N×2.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>

#include "explain/evaluation/pixel_flipping.hpp"
#include "framework/errors.hpp"
#include "framework/layers/flatten.hpp"
#include "lrp_reference.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_pixel_flipping {

using namespace glassbox;
using namespace glassbox::explain;
using namespace glassbox::testing;

namespace {

// f_0(x) = 3 x0 − 1 x1 + 2 x2 + 0.5 x3, f_1(x) = 0: class 0 is predicted while f_0 > 0.
Sequential linear_model() {
  Sequential model({4});
  model.add(dense_layer(rows({{3, 0}, {-1, 0}, {2, 0}, {0.5f, 0}}), values({0, 0})));
  return model;
}

}  // namespace

TEST_CASE("On a linear model, flipping by w * x removes the largest contributions first") {
  Sequential model = linear_model();
  const Tensor x = rows({{1, 1, 1, 1}, {0.5f, 1, 0, 2}});
  // Contributions w_i x_i: sample 0: 3, −1, 2, 0.5 (f = 4.5); sample 1: 1.5, −1, 0, 1 (f = 1.5).
  const Tensor relevance = rows({{3, -1, 2, 0.5f}, {1.5f, -1, 0, 1}});
  FlippingOptions options;
  options.regions_per_step = 1;
  options.constant = true;  // replaced by 0: a flipped feature takes its contribution away
  const FlippingCurve curve = pixel_flipping(model, x, relevance, {0, 0}, options);
  // Sample 0 after k steps: 4.5, 1.5, −0.5, −1, 0; sample 1: 1.5, 0, −1, −1, 0.
  const std::vector<double> expected{3.0, 0.75, -0.75, -1.0, 0.0};
  REQUIRE(curve.mean_logit.size() == expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    INFO("step " << k);
    CHECK(curve.mean_logit[k] == doctest::Approx(expected[k]));
    CHECK(curve.regions_flipped[k] == doctest::Approx(static_cast<double>(k)));
  }
  // Class 0 stays predicted (first maximum on ties) while f_0 ≥ 0.
  const std::vector<double> kept{1.0, 1.0, 0.0, 0.0, 1.0};
  for (std::size_t k = 0; k < kept.size(); ++k) CHECK(curve.still_predicted[k] == kept[k]);
  double drop = 0.0;
  for (const double f : expected) drop += expected[0] - f;
  CHECK(curve.aopc == doctest::Approx(drop / 5.0));
}

TEST_CASE("The best order beats a random one, and every order ends at the same noise") {
  Sequential model = linear_model();
  const Tensor x = random_tensor({20, 4}, 3, 0.0f, 1.0f);
  Tensor contributions = x;
  const float weights[] = {3, -1, 2, 0.5f};
  for (std::size_t n = 0; n < 20; ++n) {
    for (std::size_t i = 0; i < 4; ++i) contributions(n, i) *= weights[i];
  }
  const Labels targets(20, 0);
  FlippingOptions options;
  options.regions_per_step = 1;
  const FlippingCurve best = pixel_flipping(model, x, contributions, targets, options);
  const FlippingCurve worst = pixel_flipping(model, x, -contributions, targets, options);
  const FlippingCurve random = pixel_flipping(model, x, random_order(x, 7), targets, options);
  CHECK(best.aopc > random.aopc);
  CHECK(random.aopc > worst.aopc);
  CHECK(best.mean_logit.front() == worst.mean_logit.front());
  CHECK(best.mean_logit.back() == doctest::Approx(worst.mean_logit.back()));
  CHECK(best.mean_logit.back() == doctest::Approx(random.mean_logit.back()));
}

TEST_CASE("The inputs go through the model in batches, which change no number of the curve") {
  Sequential model({1, 4, 4});
  model.add(std::make_unique<Flatten>());
  model.add(random_dense(16, 3, 4));
  const Tensor x = random_tensor({7, 1, 4, 4}, 5, 0.0f, 1.0f);
  const Tensor relevance = random_tensor({7, 1, 4, 4}, 6);
  const Labels targets{0, 1, 2, 0, 1, 2, 0};
  FlippingOptions whole;
  whole.patch = 1;
  whole.regions_per_step = 3;
  FlippingOptions batches = whole;
  batches.batch_size = 3;  // 3 + 3 + 1 inputs: the last batch is a short one
  const FlippingCurve expected = pixel_flipping(model, x, relevance, targets, whole);
  const FlippingCurve curve = pixel_flipping(model, x, relevance, targets, batches);
  REQUIRE(curve.mean_logit.size() == 7);  // 16 pixels, 3 per step: 6 steps and the start
  CHECK(curve.mean_logit == expected.mean_logit);
  CHECK(curve.still_predicted == expected.still_predicted);
  CHECK(curve.aopc == expected.aopc);
  // Not a flat curve, on which any batching would agree: the steps do change the logits.
  CHECK(curve.mean_logit.front() != curve.mean_logit.back());
}

TEST_CASE("Images are cut into patches over all channels; steps may stop early") {
  Sequential model({1, 4, 4});
  model.add(std::make_unique<Flatten>());
  Tensor weight = xt::zeros<float>({std::size_t{16}, std::size_t{2}});
  for (std::size_t i = 0; i < 16; ++i) weight(i, 0) = static_cast<float>(i + 1);
  model.add(dense_layer(weight, values({0, 0})));
  const Tensor x =
      xt::ones<float>({std::size_t{1}, std::size_t{1}, std::size_t{4}, std::size_t{4}});
  // Relevance puts the bottom-right 2×2 patch first: pixels 10, 11, 14, 15 (weights 11, 12, 15,
  // 16).
  Tensor relevance =
      xt::zeros<float>({std::size_t{1}, std::size_t{1}, std::size_t{4}, std::size_t{4}});
  relevance(0, 0, 3, 3) = 1.0f;
  FlippingOptions options;
  options.patch = 2;
  options.regions_per_step = 1;
  options.steps = 1;
  options.constant = true;
  const FlippingCurve curve = pixel_flipping(model, x, relevance, {0}, options);
  REQUIRE(curve.mean_logit.size() == 2);
  CHECK(curve.mean_logit[0] == doctest::Approx(136.0));  // 1 + 2 + … + 16
  CHECK(curve.mean_logit[1] == doctest::Approx(136.0 - 54.0));
}

TEST_CASE("Pixel flipping refuses what it cannot do, saying what") {
  Sequential model = linear_model();
  const Tensor x = rows({{1, 1, 1, 1}});
  FlippingOptions options;
  CHECK_THROWS_WITH_AS(pixel_flipping(model, x, rows({{1, 2, 3}}), {0}, options),
                       doctest::Contains("must have the inputs' shape"), ArgumentError);
  CHECK_THROWS_WITH_AS(pixel_flipping(model, x, x, {5}, options), doctest::Contains("not a class"),
                       ArgumentError);
  CHECK_THROWS_WITH_AS(pixel_flipping(model, x, x, {0, 1}, options),
                       doctest::Contains("2 targets for 1 inputs"), ArgumentError);
  options.regions_per_step = 0;
  CHECK_THROWS_AS(pixel_flipping(model, x, x, {0}, options), ArgumentError);
  options.regions_per_step = 1;
  options.batch_size = 0;
  CHECK_THROWS_WITH_AS(pixel_flipping(model, x, x, {0}, options),
                       doctest::Contains("batch_size must be at least 1"), ArgumentError);
  const Tensor none = xt::zeros<float>({std::size_t{0}, std::size_t{4}});
  CHECK_THROWS_WITH_AS(pixel_flipping(model, none, none, {}, FlippingOptions{}),
                       doctest::Contains("no inputs"), ArgumentError);

  Sequential image_model({1, 4, 4});
  image_model.add(std::make_unique<Flatten>());
  image_model.add(random_dense(16, 2, 1));
  const Tensor image = random_tensor({1, 1, 4, 4}, 2);
  FlippingOptions three;
  three.patch = 3;
  CHECK_THROWS_WITH_AS(pixel_flipping(image_model, image, image, {0}, three),
                       doctest::Contains("do not tile a 4×4 image"), ArgumentError);
}

}  // namespace test_pixel_flipping
