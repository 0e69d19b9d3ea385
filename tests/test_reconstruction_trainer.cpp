// The autoencoder training loop (framework/training/reconstruction_trainer): the reconstruction
// error falls on data that a small code can describe, shapes that cannot work are refused, and a
// diverging run stops with the weights of its last finite step.
#include <doctest/doctest.h>

#include <cmath>

#include "framework/errors.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/adam.hpp"
#include "framework/optimizers/sgd.hpp"
#include "framework/training/reconstruction_trainer.hpp"
#include "gradient_check.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_reconstruction_trainer {

using namespace glassbox;

namespace {

// 512 samples of 1×4×4 that are a mix of two fixed patterns: a code of 2 numbers describes them.
Tensor two_pattern_data() {
  const Tensor patterns = testing::random_tensor({2, 16}, 3, 0.0f, 1.0f);
  const Tensor mix = testing::random_tensor({512, 2}, 4, 0.0f, 0.5f);
  Tensor data = Tensor::from_shape({512, 1, 4, 4});
  for (std::size_t n = 0; n < 512; ++n) {
    for (std::size_t j = 0; j < 16; ++j) {
      data.data()[n * 16 + j] = mix(n, 0) * patterns(0, j) + mix(n, 1) * patterns(1, j);
    }
  }
  return data;
}

}  // namespace

TEST_CASE("Training an autoencoder lowers its reconstruction error") {
  Sequential encoder = build_model("flatten,dense:8,relu,dense:2", {1, 4, 4}, 1);
  Sequential decoder = build_model("dense:8,relu,dense:16,sigmoid", {2}, 2);
  AdamSettings adam;
  adam.learning_rate = 1e-2f;
  Adam optimizer(adam);
  ReconstructionSettings settings;
  settings.epochs = 30;
  settings.batch_size = 32;
  settings.progress = false;
  const auto history =
      train_reconstruction(encoder, decoder, optimizer, two_pattern_data(), settings);
  REQUIRE(history.size() == 30);
  CHECK(history.back().loss < 0.25 * history.front().loss);
  CHECK(history.back().loss < 2e-3);
}

TEST_CASE("Models that do not reconstruct their input are refused") {
  Sequential encoder = build_model("flatten,dense:2", {1, 4, 4}, 1);
  Sequential wrong_code = build_model("dense:16", {3}, 2);
  Sequential wrong_size = build_model("dense:15", {2}, 2);
  Adam optimizer(AdamSettings{});
  ReconstructionSettings settings;
  settings.progress = false;
  const Tensor data = two_pattern_data();
  CHECK_THROWS_AS(train_reconstruction(encoder, wrong_code, optimizer, data, settings),
                  ArgumentError);
  CHECK_THROWS_AS(train_reconstruction(encoder, wrong_size, optimizer, data, settings),
                  ArgumentError);
}

TEST_CASE("A diverging run stops with the weights of its last finite step, here the first") {
  Sequential encoder = build_model("flatten,dense:8,relu,dense:2", {1, 4, 4}, 1);
  Sequential decoder = build_model("dense:8,relu,dense:16", {2}, 2);
  const Tensor before = *encoder.parameters()[0].value;
  SgdSettings sgd;
  sgd.learning_rate = 1e6f;
  Sgd optimizer(sgd);
  ReconstructionSettings settings;
  settings.epochs = 1;
  settings.progress = false;
  // The first step's loss is finite and its step throws the weights far off; the second loss is
  // not finite, so the weights the first step started from come back.
  CHECK_THROWS_WITH_AS(
      train_reconstruction(encoder, decoder, optimizer, two_pattern_data() * 100.0f, settings),
      doctest::Contains("at epoch 1, batch 2"), DivergenceError);
  CHECK(*encoder.parameters()[0].value == before);
}

}  // namespace test_reconstruction_trainer
