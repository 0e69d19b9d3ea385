// Grades exercise 8 (pixel flipping on a linear model) against
// explain/evaluation/pixel_flipping.hpp.
#include "explain/evaluation/pixel_flipping.hpp"
#include "lrp_reference.hpp"  // values, dense_layer, random_tensor
#include "tutorials/exercises/exercises.hpp"
#include "tutorials/exercises/grading/grading.hpp"

using namespace glassbox;
using namespace glassbox::exercises;
using namespace glassbox::exercises::grading;
using namespace glassbox::testing;

TEST_CASE("exercise 8, check 'the order, ties by index'") {
  const Check check{8, "the order, ties by index",
                    "step 2 of the page: most relevant first; equal relevance keeps index order"};
  const std::vector<std::size_t> expected{1, 2, 0, 3};
  const std::vector<std::size_t> got = flipping_order(values({1, 2, 2, 0}));
  if (got != expected) {
    std::string e = "{1, 2, 0, 3}", g = "{";
    for (std::size_t i = 0; i < got.size(); ++i) g += (i ? ", " : "") + std::to_string(got[i]);
    report(check, "relevance {1, 2, 2, 0}", e, g + "}");
  }
}

TEST_CASE("exercise 8, check 'the curve and AOPC by hand'") {
  const Check check{8, "the curve and AOPC by hand",
                    "curve[0] is f before any flip; AOPC averages curve[0] − curve[k] over all "
                    "L + 1 points, docs/math/evaluation.md"};
  // f(x) = 3 x0 − x1 + 2 x2 + 0.5 x3 at x = 1: contributions (3, −1, 2, 0.5), order 0, 2, 3, 1.
  const Tensor w = values({3, -1, 2, 0.5f}), x = values({1, 1, 1, 1});
  const std::vector<float> curve = flipping_curve(x, w, 0.0f, w * x, 0.0f, 1);
  const std::vector<float> expected{4.5f, 1.5f, -0.5f, -1.0f, 0.0f};
  expect_close(check, "f = {3, -1, 2, 0.5}·x at x = 1, R = w·x, replaced by 0, one per step",
               expected, curve);
  // drops 0, 3, 5, 5.5, 4.5: 18 / 5
  expect_close(check, "AOPC of {4.5, 1.5, -0.5, -1, 0}", 3.6, aopc(expected));
}

TEST_CASE("exercise 8, check 'equals the library with two features per step'") {
  const Check check{8, "equals the library",
                    "L = ⌈D / per_step⌉: the last step may replace fewer features"};
  for (const std::size_t features : {6u, 7u}) {
    const Tensor w = random_tensor({features, 1}, 27), x = random_tensor({1, features}, 28);
    const Tensor relevance = random_tensor({1, features}, 29);
    Sequential model({features});
    model.add(dense_layer(w, values({0.25f})));
    explain::FlippingOptions options;
    options.regions_per_step = 2;
    options.constant = true;
    options.low = -0.5f;
    const explain::FlippingCurve library =
        explain::pixel_flipping(model, x, relevance, {0}, options);
    const std::vector<float> expected(library.mean_logit.begin(), library.mean_logit.end());
    Tensor flat_w = w, flat_x = x, flat_r = relevance;  // the exercise takes D-vectors
    for (Tensor* t : {&flat_w, &flat_x, &flat_r}) t->reshape({features});
    const std::vector<float> curve = flipping_curve(flat_x, flat_w, 0.25f, flat_r, -0.5f, 2);
    const std::string situation =
        "D = " + std::to_string(features) + ", 2 per step, replaced by -0.5";
    expect_close(check, situation + ", curve", expected, curve);
    expect_close(check, situation + ", AOPC", library.aopc, aopc(expected));
  }
}
