// Scores of a classifier (framework/training/metrics.hpp): accuracy, per-class accuracy and the
// confusion matrix, by hand and over every kind of batch source.
#include <doctest/doctest.h>

#include <cmath>

#include "framework/errors.hpp"
#include "framework/model_spec.hpp"
#include "framework/training/batch_source.hpp"
#include "framework/training/metrics.hpp"
#include "tests/blobs.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_metrics {

using namespace glassbox;
using glassbox::testing::blobs;

TEST_CASE("Metrics: accuracy, per-class accuracy and confusion matrix") {
  const auto report = classification_report({0, 1, 1, 2, 2, 2}, {0, 1, 2, 2, 2, 1}, 4);
  CHECK(report.accuracy == doctest::Approx(4.0 / 6));
  CHECK(report.confusion[2][1] == 1);
  CHECK(report.confusion[1][2] == 1);
  CHECK(report.confusion[2][2] == 2);
  CHECK(report.per_class_accuracy[0] == doctest::Approx(1.0));
  CHECK(report.per_class_accuracy[1] == doctest::Approx(0.5));
  CHECK(std::isnan(report.per_class_accuracy[3]));
  CHECK(predicted_classes(Tensor{{0.1f, 0.9f}, {2.0f, 2.0f}}) == Labels{1, 0});
  CHECK(report.to_text({"w", "x", "y", "z"}).find("accuracy") != std::string::npos);
}

TEST_CASE("evaluate over a BatchSource agrees with evaluate over LabeledData") {
  const LabeledData data = blobs(40, 6);
  Sequential model = build_model("dense:4,tanh,dense:3", {2}, 8);
  const ClassificationReport dense = evaluate(model, data, 7);
  const ClassificationReport batches = evaluate(model, DenseBatches(data), 7);
  CHECK(batches.accuracy == dense.accuracy);
  CHECK(batches.confusion == dense.confusion);
  CHECK_THROWS_AS(IndexedBatches(DenseBatches(data), {0, 120}, "too far"), ArgumentError);
}

}  // namespace test_metrics
