// LSTM: the batched layer against the naive reference (forward, gates/cells/hidden, and BPTT),
// finite-difference gradients through time with padding, for both outputs and both directions,
// shapes and bad input, model files and checkpoint resume.
//
// Shapes: x N×E×T, W 4H×E, U 4H×H, b 4H, y N×H (last) or N×H×T (sequence).
#include <doctest/doctest.h>

#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "framework/errors.hpp"
#include "framework/layers/lstm.hpp"
#include "framework/layers/lstm_naive.hpp"
#include "framework/layers/registry.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/adam.hpp"
#include "framework/serialization/checkpoint.hpp"
#include "framework/serialization/model_file.hpp"
#include "framework/training/resume.hpp"
#include "framework/training/trainer.hpp"
#include "gradient_check.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_lstm {

using namespace glassbox;
using glassbox::testing::check_gradients;
using glassbox::testing::random_tensor;

namespace {

// A layer with random weights and a random (nonzero) bias.
Lstm random_lstm(std::size_t inputs, std::size_t units, LstmOutput output, bool reverse,
                 std::uint64_t seed) {
  Rng rng(seed);
  Lstm lstm(inputs, units, output, reverse, rng);
  *lstm.parameters()[2].value = random_tensor({4 * units}, seed + 1);
  return lstm;
}

// A batch of N×E×T in [−1, 1] whose sample n ends in n padding steps (all-zero columns), and
// whose sample 2 (if any) also has a padding step inside it, at t = 1.
Tensor padded_batch(std::size_t samples, std::size_t inputs, std::size_t steps,
                    std::uint64_t seed) {
  Tensor x = random_tensor({samples, inputs, steps}, seed);
  for (std::size_t n = 0; n < samples; ++n) {
    for (std::size_t t = steps - std::min(n, steps - 1); t < steps; ++t) {
      xt::view(x, n, xt::all(), t) = 0.0f;
    }
  }
  if (samples > 2 && steps > 2) xt::view(x, 2, xt::all(), 1) = 0.0f;
  return x;
}

// What the naive reference gives as the layer's output.
Tensor naive_output(const Tensor& hidden, LstmOutput output, bool reverse) {
  const std::size_t steps = hidden.shape(0);
  if (output == LstmOutput::last) return xt::view(hidden, reverse ? 0 : steps - 1);
  return xt::transpose(hidden, {1, 2, 0});
}

// 48 documents of 10 token ids (0 = padding, R = 12 ids) in 3 classes: class c holds id 3 + c
// somewhere among random ids from 6 on, and ends in c padding steps.
LabeledData token_data() {
  Rng rng(41);
  std::uniform_int_distribution<int> id(6, 11);
  LabeledData data;
  data.inputs = xt::zeros<float>({48, 10});
  for (std::size_t i = 0; i < 48; ++i) {
    const int label = static_cast<int>(i % 3);
    for (std::size_t t = 0; t + label < 10; ++t) data.inputs(i, t) = static_cast<float>(id(rng));
    data.inputs(i, (i * 7) % (10 - label)) = static_cast<float>(3 + label);
    data.labels.push_back(label);
  }
  data.class_names = {"a", "b", "c"};
  return data;
}

// A bidirectional LSTM over embeddings, and one reading the whole sequence with max over time.
const char* const token_specs[] = {"embedding:12:4,parallel(lstm:5|lstm:5:last:reverse),dense:3",
                                   "embedding:12:4,lstm:5:sequence,maxovertime,dense:3"};

std::vector<Tensor> weights_of(Sequential& model) {
  std::vector<Tensor> weights;
  for (const auto& parameter : model.parameters()) weights.push_back(*parameter.value);
  return weights;
}

struct Variant {
  LstmOutput output;
  bool reverse;
};
const Variant variants[] = {{LstmOutput::last, false},
                            {LstmOutput::last, true},
                            {LstmOutput::sequence, false},
                            {LstmOutput::sequence, true}};

}  // namespace

TEST_CASE("LSTM forward matches the naive reference, step by step, with padding") {
  for (const Variant& v : variants) {
    INFO("sequence " << (v.output == LstmOutput::sequence) << ", reverse " << v.reverse);
    Lstm lstm = random_lstm(5, 4, v.output, v.reverse, 3);
    const Tensor x = padded_batch(4, 5, 6, 11);
    const Tensor y = lstm.forward(x);
    Tensor gates, cells, hidden;
    lstm_forward_naive(x, lstm.input_weight(), lstm.recurrent_weight(), lstm.bias(), v.reverse,
                       gates, cells, hidden);
    CHECK(xt::allclose(lstm.gates(), gates, 1e-5, 1e-6));
    CHECK(xt::allclose(lstm.cells(), cells, 1e-5, 1e-6));
    CHECK(xt::allclose(lstm.hidden(), hidden, 1e-5, 1e-6));
    CHECK(xt::allclose(y, naive_output(hidden, v.output, v.reverse), 1e-5, 1e-6));
    // padding(): sample n's last n steps, and sample 2's step 1.
    REQUIRE(lstm.padding().size() == 6 * 4);
    for (std::size_t t = 0; t < 6; ++t) {
      for (std::size_t n = 0; n < 4; ++n) {
        const bool expected = t + n >= 6 || (n == 2 && t == 1);
        CHECK(lstm.padding()[t * 4 + n] == expected);
      }
    }
  }
}

TEST_CASE("LSTM padding carries the state over: a padded document reads like the unpadded one") {
  Lstm lstm = random_lstm(3, 5, LstmOutput::last, false, 7);
  Tensor x = random_tensor({1, 3, 4}, 8);
  const Tensor short_output = lstm.forward(x);
  Tensor padded = xt::zeros<float>({1, 3, 7});
  xt::view(padded, xt::all(), xt::all(), xt::range(0, 4)) = x;
  CHECK(lstm.forward(padded) == short_output);  // bit for bit: the carried steps compute nothing
  // Reading backwards, padding at the end is skipped before the first word.
  Lstm backwards = random_lstm(3, 5, LstmOutput::last, true, 7);
  const Tensor short_backwards = backwards.forward(x);
  CHECK(backwards.forward(padded) == short_backwards);
}

TEST_CASE("LSTM shapes, configuration and bad input") {
  Rng rng(1);
  Lstm last(6, 3, LstmOutput::last, false, rng);
  Lstm sequence(6, 3, LstmOutput::sequence, true, rng);
  CHECK(last.output_shape({6, 10}) == Shape{3});
  CHECK(sequence.output_shape({6, 10}) == Shape{3, 10});
  CHECK_THROWS_AS(last.output_shape({5, 10}), ArgumentError);
  CHECK_THROWS_AS(last.output_shape({6}), ArgumentError);
  CHECK_THROWS_AS(last.output_shape({6, 0}), ArgumentError);
  CHECK_THROWS_AS(last.output_shape({6, 10, 1}), ArgumentError);
  CHECK_THROWS_AS(last.forward(Tensor(xt::zeros<float>({2, 5, 4}))), ArgumentError);
  CHECK_THROWS_AS(last.forward(Tensor(xt::zeros<float>({2, 6}))), ArgumentError);
  CHECK_THROWS_AS(Lstm(0, 3, LstmOutput::last, false, rng), ArgumentError);
  CHECK_THROWS_AS(Lstm(6, 0, LstmOutput::last, false, rng), ArgumentError);
  CHECK(sequence.config() ==
        nlohmann::json{
            {"input_size", 6}, {"hidden_size", 3}, {"output", "sequence"}, {"reverse", true}});
  // Initialisation: |w| ≤ 1/√H; biases 0 but the forget gate's block, 1.
  const float limit = 1.0f / std::sqrt(3.0f);
  CHECK(xt::amax(xt::abs(last.input_weight()))() <= limit);
  CHECK(xt::amax(xt::abs(last.recurrent_weight()))() <= limit);
  CHECK(last.bias() == Tensor{0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0});
  // A backward that does not match the last forward.
  last.forward(Tensor(xt::ones<float>({2, 6, 4})));
  CHECK_THROWS_AS(last.backward(Tensor(xt::ones<float>({2, 4}))), ArgumentError);
  CHECK_THROWS_AS(last.backward(Tensor(xt::ones<float>({2, 3, 4}))), ArgumentError);
  // Through the registry.
  CHECK_THROWS_AS(
      make_layer("LSTM", {{"input_size", 6}, {"hidden_size", 3}, {"output", "all"}}, rng),
      ArgumentError);
  CHECK_THROWS_AS(make_layer("LSTM", {{"input_size", 6}, {"hidden_size", 0}}, rng), ArgumentError);
  const auto made = make_layer("LSTM", sequence.config(), rng);
  CHECK(made->config() == sequence.config());
}

TEST_CASE("LSTM gradients through time match finite differences, with padding") {
  for (const Variant& v : variants) {
    INFO("sequence " << (v.output == LstmOutput::sequence) << ", reverse " << v.reverse);
    Lstm lstm = random_lstm(3, 4, v.output, v.reverse, 21);
    // 3 samples of 5 steps: none, one and two padding steps at the end, and sample 2 also one
    // inside (t = 1), where the carried state must pass dh and dc straight through.
    Tensor x = padded_batch(3, 3, 5, 22);
    // Every parameter; the input is checked below, away from padding.
    check_gradients(lstm, x, 1e-2, 2e-3, /*check_input=*/false);

    const Tensor& first = lstm.forward(x);
    const Tensor r = random_tensor(shape_of(first), 99);
    const Tensor dx = lstm.backward(r);
    REQUIRE(shape_of(dx) == shape_of(x));
    std::size_t checked = 0;
    for (std::size_t n = 0; n < 3; ++n) {
      for (std::size_t t = 0; t < 5; ++t) {
        const bool padding = lstm.padding()[t * 3 + n];
        for (std::size_t e = 0; e < 3; ++e) {
          if (padding) {
            // The rule holds at x_t = 0 exactly; any change of x_t reads the step. The
            // gradient there is 0 by definition.
            CHECK(dx(n, e, t) == 0.0f);
            continue;
          }
          const float saved = x(n, e, t);
          x(n, e, t) = saved + 1e-2f;
          const double plus = testing::weighted_output(lstm, x, r);
          x(n, e, t) = saved - 1e-2f;
          const double minus = testing::weighted_output(lstm, x, r);
          x(n, e, t) = saved;
          testing::require_close((plus - minus) / 2e-2, dx(n, e, t), 2e-3, "input", checked++);
        }
      }
    }
    CHECK(checked == 3 * (15 - 4));  // 4 padding steps in all
  }
}

TEST_CASE("LSTM backward matches the naive reference, gradients accumulate, dx can be skipped") {
  for (const Variant& v : variants) {
    INFO("sequence " << (v.output == LstmOutput::sequence) << ", reverse " << v.reverse);
    Lstm lstm = random_lstm(6, 5, v.output, v.reverse, 31);
    const Tensor x = padded_batch(7, 6, 9, 32);
    const Tensor& y = lstm.forward(x);
    const Tensor dy = random_tensor(shape_of(y), 33);
    for (auto& p : lstm.parameters()) p.gradient->fill(0.0f);
    const Tensor dx = lstm.backward(dy);

    // dL/dh_t as the output passes it to each step.
    Tensor hidden_gradient = xt::zeros<float>({9, 7, 5});
    if (v.output == LstmOutput::last) {
      xt::view(hidden_gradient, v.reverse ? 0 : 8) = dy;
    } else {
      hidden_gradient = xt::transpose(dy, {2, 0, 1});
    }
    Tensor dw = xt::zeros<float>({20, 6}), du = xt::zeros<float>({20, 5});
    Tensor db = xt::zeros<float>({20}), naive_dx;
    lstm_backward_naive(x, lstm.input_weight(), lstm.recurrent_weight(), lstm.bias(), v.reverse,
                        hidden_gradient, dw, du, db, naive_dx);
    auto parameters = lstm.parameters();
    CHECK(xt::allclose(*parameters[0].gradient, dw, 1e-4, 1e-5));
    CHECK(xt::allclose(*parameters[1].gradient, du, 1e-4, 1e-5));
    CHECK(xt::allclose(*parameters[2].gradient, db, 1e-4, 1e-5));
    CHECK(xt::allclose(dx, naive_dx, 1e-4, 1e-5));

    // A second backward adds the same again; without the input gradient, only that is skipped.
    lstm.set_input_gradient_needed(false);
    CHECK(lstm.backward(dy).size() == 0);
    CHECK(xt::allclose(*parameters[0].gradient, 2.0f * dw, 1e-4, 1e-5));
    CHECK(xt::allclose(*parameters[1].gradient, 2.0f * du, 1e-4, 1e-5));
    CHECK(xt::allclose(*parameters[2].gradient, 2.0f * db, 1e-4, 1e-5));
  }
}

TEST_CASE("A model with LSTMs round-trips through its model file, outputs bit for bit") {
  const LabeledData data = token_data();
  for (const char* spec : token_specs) {
    INFO(spec);
    Sequential model = build_model(spec, {10}, 5);
    ModelFile loaded = model_from_text(model_to_json(model, nlohmann::json::object()), "memory");
    REQUIRE(loaded.model.size() == model.size());
    for (std::size_t i = 0; i < model.size(); ++i) {
      CHECK(loaded.model.layer(i).config() == model.layer(i).config());
    }
    CHECK(weights_of(loaded.model) == weights_of(model));
    CHECK(loaded.model.predict(data.inputs) == model.predict(data.inputs));
  }
  // The spec's four forms, as the layer's config says them.
  Sequential forms = build_model(
      "embedding:12:4,parallel(lstm:3|lstm:3:sequence,maxovertime|lstm:3:last:reverse|"
      "lstm:3:sequence:reverse,maxovertime)",
      {10}, 1);
  const nlohmann::json branches = forms.layer(1).config().at("branches");
  CHECK(branches[0][0].at("config") ==
        nlohmann::json{
            {"input_size", 4}, {"hidden_size", 3}, {"output", "last"}, {"reverse", false}});
  CHECK(branches[1][0].at("config").at("output") == "sequence");
  CHECK(branches[2][0].at("config").at("reverse") == true);
  CHECK(branches[3][0].at("config").at("output") == "sequence");
  CHECK(branches[3][0].at("config").at("reverse") == true);
  for (const char* bad :
       {"embedding:12:4,lstm", "embedding:12:4,lstm:0", "embedding:12:4,lstm:3:all",
        "embedding:12:4,lstm:3:reverse:last", "embedding:12:4,lstm:3:last:reverse:x", "lstm:3"}) {
    INFO(bad);
    CHECK_THROWS_AS(build_model(bad, {10}, 1), ArgumentError);
  }
}

TEST_CASE("Training with LSTMs learns, and resumes from a checkpoint to the same weights") {
  const LabeledData data = token_data();
  TrainingSettings settings;
  settings.epochs = 2;
  settings.batch_size = 16;
  settings.seed = 3;
  settings.schedule = parse_schedule("cosine", settings.epochs);
  settings.progress = false;
  const AdamSettings adam{0.01f, 0.9f, 0.999f, 1e-8f, 0.0f};
  for (const char* spec : token_specs) {
    INFO(spec);
    // Two epochs straight, keeping the checkpoint written after the first.
    Sequential model = build_model(spec, {10}, 5);
    Adam optimizer(adam);
    TrainingProgress progress = start_progress(settings.seed, data.size(), adam.learning_rate);
    std::string after_first_epoch;
    REQUIRE(continue_training(model, optimizer, DenseBatches(data), nullptr, settings, progress,
                              [&](const EpochRecord& record) {
                                if (record.epoch == 1) {
                                  after_first_epoch =
                                      checkpoint_to_json(model, optimizer, progress, {});
                                }
                              }));
    REQUIRE_FALSE(after_first_epoch.empty());
    // The second epoch again, from the checkpoint.
    Adam resumed_optimizer(adam);
    ResumedRun run = resume_run(checkpoint_from_text(after_first_epoch, "c.json"),
                                resumed_optimizer, settings, data.size(), "c.json");
    REQUIRE(continue_training(run.model, resumed_optimizer, DenseBatches(data), nullptr, settings,
                              run.progress));
    CHECK(weights_of(run.model) == weights_of(model));
    CHECK(run.model.predict(data.inputs) == model.predict(data.inputs));
  }
  // It learns: 20 epochs on the easy task fit the training set.
  settings.epochs = 20;
  settings.schedule = parse_schedule("cosine", settings.epochs);
  Sequential model = build_model(token_specs[0], {10}, 5);
  Adam optimizer(adam);
  const auto history = train_classifier(model, optimizer, data, nullptr, settings);
  CHECK(history.back().train_accuracy > 0.9);
}

}  // namespace test_lstm
