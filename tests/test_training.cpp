// The training loop on small generated data: it learns, it is reproducible, it stops on divergence.
#include <doctest/doctest.h>

#include <cmath>
#include <numeric>

#include <xtensor/xmath.hpp>

#include "framework/errors.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/adam.hpp"
#include "framework/optimizers/sgd.hpp"
#include "framework/random.hpp"
#include "framework/training/metrics.hpp"
#include "framework/training/trainer.hpp"

using namespace glassbox;

// Three Gaussian blobs in 2-D around the corners of a triangle; a small MLP separates them easily.
static LabeledData blobs(std::size_t per_class, std::uint64_t seed) {
  Rng rng(seed);
  std::normal_distribution<float> noise(0.0f, 0.35f);
  const float centers[3][2] = {{0, 1}, {-1, -0.5f}, {1, -0.5f}};
  LabeledData data;
  data.inputs = Tensor::from_shape({3 * per_class, 2});
  for (std::size_t i = 0; i < 3 * per_class; ++i) {
    const int label = static_cast<int>(i % 3);
    data.inputs(i, 0) = centers[label][0] + noise(rng);
    data.inputs(i, 1) = centers[label][1] + noise(rng);
    data.labels.push_back(label);
  }
  data.class_names = {"a", "b", "c"};
  return data;
}

TEST_CASE("An MLP learns three blobs with SGD and with Adam") {
  const LabeledData train = blobs(200, 1), test = blobs(100, 2);
  TrainingSettings settings;
  settings.epochs = 15;
  settings.batch_size = 16;
  settings.progress = false;
  {
    Sequential model = build_model("dense:16,relu,dense:3", {2}, 3);
    const double before = evaluate(model, test).accuracy;
    Sgd sgd({0.05f, 0.9f});
    const auto history = train_classifier(model, sgd, train, &test, settings);
    REQUIRE(history.size() == 15);
    CHECK(history.back().loss < history.front().loss);
    CHECK(history.back().validation_accuracy >= 0.95);
    CHECK(before < 0.9);
  }
  {
    Sequential model = build_model("dense:16,tanh,dense:3", {2}, 3);
    Adam adam({0.01f});
    const auto history = train_classifier(model, adam, train, &test, settings);
    CHECK(history.back().validation_accuracy >= 0.95);
  }
}

TEST_CASE("The same seed gives the same run, bit for bit") {
  const LabeledData train = blobs(50, 4);
  TrainingSettings settings;
  settings.epochs = 3;
  settings.batch_size = 8;
  settings.progress = false;
  auto run = [&](std::uint64_t seed) {
    settings.seed = seed;
    Sequential model = build_model("dense:8,relu,dropout:0.2,dense:3", {2}, seed);
    Sgd sgd({0.1f, 0.9f, true});
    train_classifier(model, sgd, train, nullptr, settings);
    return *model.parameters()[0].value;
  };
  CHECK(run(5) == run(5));
  CHECK(run(5) != run(6));
}

TEST_CASE("A diverging run stops with a clear error and keeps finite weights") {
  const LabeledData train = blobs(50, 4);
  TrainingSettings settings;
  settings.epochs = 50;
  settings.progress = false;
  Sequential model = build_model("dense:8,relu,dense:3", {2}, 1);
  Sgd sgd({1e6f, 0.9f});
  CHECK_THROWS_WITH_AS(train_classifier(model, sgd, train, nullptr, settings),
                       doctest::Contains("diverged"), DivergenceError);
  for (auto& p : model.parameters()) CHECK(xt::all(xt::isfinite(*p.value)));
}

TEST_CASE("Training refuses data that does not fit the model") {
  const LabeledData train = blobs(10, 4);
  Sequential model = build_model("dense:4", {2}, 1);
  Sgd sgd({0.1f});
  CHECK_THROWS_WITH_AS(train_classifier(model, sgd, train, nullptr, {}),
                       doctest::Contains("3 classes"), ArgumentError);
}

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

TEST_CASE("Layer specs build the layers they name and reject what does not fit") {
  Sequential model = build_model("flatten,dense:20,relu,dropout:0.5,dense:10:glorot", {1, 4, 4}, 2);
  CHECK(model.size() == 5);
  CHECK(model.output_shape() == Shape{10});
  CHECK(model.layer(4).config()["init"] == "glorot");
  CHECK_THROWS_WITH_AS(build_model("dense:10", {1, 4, 4}, 1), doctest::Contains("flatten"),
                       ArgumentError);
  CHECK_THROWS_WITH_AS(build_model("flatten,dense:x", {1, 4, 4}, 1), doctest::Contains("dense:x"),
                       ArgumentError);
  CHECK_THROWS_WITH_AS(build_model("flatten,softmax", {1, 4, 4}, 1),
                       doctest::Contains("unknown layer"), ArgumentError);
  CHECK_THROWS_AS(build_model("flatten,dropout:1.5", {1, 4, 4}, 1), ArgumentError);
}

TEST_CASE("A linear model learns three blobs with the hinge loss (a linear SVM)") {
  const LabeledData train = blobs(200, 1), test = blobs(100, 2);
  TrainingSettings settings;
  settings.epochs = 10;
  settings.batch_size = 16;
  settings.progress = false;
  settings.loss = "hinge";
  Sequential model = build_model("dense:3", {2}, 3);
  Sgd sgd({0.05f, 0.9f, false, 1e-3f});
  const auto history = train_classifier(model, sgd, train, &test, settings);
  CHECK(history.back().loss < history.front().loss);
  CHECK(history.back().validation_accuracy >= 0.95);
  settings.loss = "squared";
  CHECK_THROWS_WITH_AS(train_classifier(model, sgd, train, &test, settings),
                       doctest::Contains("unknown loss"), ArgumentError);
}

TEST_CASE("Training from a BatchSource gives the run training from LabeledData gives") {
  const LabeledData all = blobs(60, 5);
  TrainingSettings settings;
  settings.epochs = 3;
  settings.batch_size = 8;
  settings.progress = false;
  auto weights_after = [&](bool through_indices) {
    Sequential model = build_model("dense:8,relu,dense:3", {2}, 7);
    Sgd sgd({0.1f, 0.9f});
    if (through_indices) {
      // The first 150 samples, seen through an index list over the whole set.
      const DenseBatches whole(all);
      std::vector<std::size_t> first(150);
      std::iota(first.begin(), first.end(), 0);
      const IndexedBatches part(whole, first, "first 150");
      train_classifier(model, sgd, part, nullptr, settings);
    } else {
      train_classifier(model, sgd, slice(all, 0, 150), nullptr, settings);
    }
    return *model.parameters()[0].value;
  };
  CHECK(weights_after(true) == weights_after(false));
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

TEST_CASE("After training the model gives input gradients again (explanations need them)") {
  const LabeledData train = blobs(20, 4);
  TrainingSettings settings;
  settings.epochs = 1;
  settings.progress = false;
  Sequential model = build_model("dense:4,relu,dense:3", {2}, 1);
  Sgd sgd({0.1f});
  train_classifier(model, sgd, train, nullptr, settings);
  CHECK(model.input_gradient_needed());
  model.forward(train.inputs);
  CHECK(model.backward(xt::ones<float>({60, 3})).shape(1) == 2);
}
