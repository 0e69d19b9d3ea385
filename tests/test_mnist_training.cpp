// Real data: the reference MLP, trained for one epoch on the first 10,000 MNIST training images,
// must reach at least 90% on the first 2,000 test images.
//
// 157 steps of batch 64 are not enough for that with any optimizer we tried (PyTorch lands at
// 88–89% with SGD too), so this test takes Adam with batches of 16: 625 steps. Measured with
// seeds 1, 2, 3: 91.6%, 90.5%, 91.5%. A broken backward pass or loss stays far below.
#include <doctest/doctest.h>

#include "datasets/mnist.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/adam.hpp"
#include "framework/optimizers/sgd.hpp"
#include "framework/training/metrics.hpp"
#include "framework/training/trainer.hpp"
#include "tests/real_data.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_mnist_training {

using namespace glassbox;

static LabeledData first_images(Split split, std::size_t count) {
  MnistOptions options;
  options.subset = Subset::first(count);
  return load_mnist(split, options);
}

TEST_CASE("The reference MLP learns MNIST: >= 90% after one epoch on 10,000 images") {
  if (testing::slow_training_skipped() || !testing::mnist_available()) return;
  const LabeledData train = first_images(Split::train, 10000);
  const LabeledData test = first_images(Split::test, 2000);

  Sequential model = build_model("flatten,dense:256,relu,dense:128,relu,dense:10", {1, 28, 28}, 1);
  Adam adam({1e-3f});
  TrainingSettings settings;
  settings.epochs = 1;
  settings.batch_size = 16;
  settings.progress = false;
  train_classifier(model, adam, train, nullptr, settings);
  const double accuracy = evaluate(model, test).accuracy;
  MESSAGE("MLP accuracy on 2,000 test images after one epoch on 10,000: " << accuracy);
  CHECK(accuracy >= 0.90);
}

TEST_CASE("A small CNN learns MNIST: >= 92% after one epoch on 10,000 images") {
  // One 5×5 convolution with 8 filters, max-pooling and a dense output: exercises Conv2d,
  // MaxPool2d and Flatten end to end on real digits (their gradients are checked one by one in
  // test_conv2d and test_pooling_layers). Measured: 93.8% on these 2,000 test images, 95.6% on all
  // 10,000.
  if (testing::slow_training_skipped() || !testing::mnist_available()) return;
  const LabeledData train = first_images(Split::train, 10000);
  const LabeledData test = first_images(Split::test, 2000);

  Sequential model = build_model("conv:8:5:1:2,relu,maxpool:2,flatten,dense:10", {1, 28, 28}, 1);
  Sgd sgd({0.05f, 0.9f});
  TrainingSettings settings;
  settings.epochs = 1;
  settings.batch_size = 32;
  settings.progress = false;
  train_classifier(model, sgd, train, nullptr, settings);
  const double accuracy = evaluate(model, test).accuracy;
  MESSAGE("small CNN accuracy on 2,000 test images after one epoch on 10,000: " << accuracy);
  CHECK(accuracy >= 0.92);
}

}  // namespace test_mnist_training
