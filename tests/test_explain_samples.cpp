// Explaining in bounded batches (explain/explain_samples.hpp): N samples explained kExplainBatch
// (here 3) at a time give what one call on all N gives: the same heatmaps (to float rounding: the
// matrix products see other batch shapes), targets, logits, conservation rows and per-layer
// relevance, in the same order.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "explain/explain_samples.hpp"
#include "framework/errors.hpp"
#include "framework/model_spec.hpp"
#include "tests/gradient_check.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_explain_samples {

using namespace glassbox;
using namespace glassbox::explain;
using glassbox::testing::random_tensor;

namespace {

// |a − b| ≤ 1e-5 of the largest |b|, element by element.
void check_close(const Tensor& a, const Tensor& b) {
  REQUIRE(shape_of(a) == shape_of(b));
  float largest = 0.0f;
  for (const float value : b) largest = std::max(largest, std::abs(value));
  REQUIRE(largest > 0.0f);
  for (std::size_t i = 0; i < a.size(); ++i) {
    REQUIRE(std::abs(a.data()[i] - b.data()[i]) <= 1e-5f * largest);
  }
}

Samples random_images(std::size_t count) {
  Samples samples;
  samples.inputs = random_tensor({count, 1, 8, 8}, 21, 0.0f, 1.0f);
  samples.labels.assign(count, -1);
  return samples;
}

}  // namespace

TEST_CASE("explain_samples: batches of 3 give the heatmaps of one batch of 10") {
  Sequential model =
      build_model("conv:3:3:1:1,relu,maxpool:2,flatten,dense:12,relu,dense:4", {1, 8, 8}, 3);
  const Samples samples = random_images(10);
  for (const MethodChoice& choice : comparison_methods()) {
    CAPTURE(method_label(choice));
    const LrpExplanation whole = explain_samples(model, samples, choice, {}, 10);
    const LrpExplanation batched = explain_samples(model, samples, choice, {}, 3);
    check_close(batched.relevance, whole.relevance);
    CHECK(batched.targets == whole.targets);
    REQUIRE(batched.outputs.size() == 10);
    for (std::size_t n = 0; n < 10; ++n) {
      CHECK(batched.outputs[n] == doctest::Approx(whole.outputs[n]).epsilon(1e-5));
    }
    CHECK(batched.conservation.layers == whole.conservation.layers);
    REQUIRE(batched.conservation.totals.size() == whole.conservation.totals.size());
  }
}

TEST_CASE("explain_samples: asked-for targets and every layer's relevance, batch by batch") {
  Sequential model = build_model("flatten,dense:16,relu,dense:5", {1, 8, 8}, 5);
  const Samples samples = random_images(7);
  MethodChoice choice;
  choice.options.keep_layer_relevances = true;
  const Labels targets{4, 0, 1, 2, 3, 4, 0};
  const LrpExplanation whole = explain_samples(model, samples, choice, targets, 7);
  const LrpExplanation batched = explain_samples(model, samples, choice, targets, 2);
  CHECK(batched.targets == targets);
  check_close(batched.relevance, whole.relevance);
  REQUIRE(batched.layer_relevances.size() == whole.layer_relevances.size());
  for (std::size_t l = 0; l < whole.layer_relevances.size(); ++l) {
    CAPTURE(l);
    check_close(batched.layer_relevances[l], whole.layer_relevances[l]);
  }
  REQUIRE(batched.conservation.totals.size() == 7);
  for (std::size_t n = 0; n < 7; ++n) {
    for (std::size_t l = 0; l < whole.conservation.totals[n].size(); ++l) {
      CHECK(batched.conservation.totals[n][l] ==
            doctest::Approx(whole.conservation.totals[n][l]).epsilon(1e-5));
    }
  }
  CHECK_THROWS_AS(explain_samples(model, samples, choice, {1, 2}, 2), ArgumentError);
  CHECK_THROWS_AS(explain_samples(model, samples, choice, {}, 0), ArgumentError);
}

}  // namespace test_explain_samples
