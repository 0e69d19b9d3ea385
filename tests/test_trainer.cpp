// The classifier training loop (framework/training/trainer.hpp) on small generated data: it learns,
// it is reproducible, it stops on divergence, it refuses data that does not fit.
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
#include "tests/blobs.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_trainer {

using namespace glassbox;
using glassbox::testing::blobs;

namespace {

// `epochs` epochs of batches of `batch_size`, without a progress bar.
TrainingSettings quiet(int epochs, std::size_t batch_size = 64) {
  TrainingSettings settings;
  settings.epochs = epochs;
  settings.batch_size = batch_size;
  settings.progress = false;
  return settings;
}

}  // namespace

TEST_CASE("An MLP learns three blobs with SGD and with Adam") {
  const LabeledData train = blobs(200, 1), test = blobs(100, 2);
  TrainingSettings settings = quiet(15, 16);
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
  TrainingSettings settings = quiet(3, 8);
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
  TrainingSettings settings = quiet(50);
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

TEST_CASE("A linear model learns three blobs with the hinge loss (a linear SVM)") {
  const LabeledData train = blobs(200, 1), test = blobs(100, 2);
  TrainingSettings settings = quiet(10, 16);
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
  TrainingSettings settings = quiet(3, 8);
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

TEST_CASE("After training the model gives input gradients again (explanations need them)") {
  const LabeledData train = blobs(20, 4);
  TrainingSettings settings = quiet(1);
  Sequential model = build_model("dense:4,relu,dense:3", {2}, 1);
  Sgd sgd({0.1f});
  train_classifier(model, sgd, train, nullptr, settings);
  CHECK(model.input_gradient_needed());
  model.forward(train.inputs);
  CHECK(model.backward(xt::ones<float>({60, 3})).shape(1) == 2);
}

TEST_CASE(
    "An epoch callback that evaluates the model does not turn Dropout off for the next epoch") {
  const LabeledData train = blobs(40, 3);
  auto weights_after = [&](bool callback_evaluates) {
    Sequential model = build_model("dense:16,relu,dropout:0.5,dense:3", {2}, 5);
    Sgd sgd({0.1f, 0.9f});
    train_classifier(model, sgd, train, nullptr, quiet(2, 16), [&](const EpochRecord&) {
      if (callback_evaluates) model.set_training(false);  // what an evaluation leaves behind
    });
    return *model.parameters()[0].value;
  };
  CHECK(weights_after(true) == weights_after(false));
}

}  // namespace test_trainer
