// Checkpoints: a run interrupted after any batch and resumed from its checkpoint ends with the same
// weights, bit for bit, as the run that was never interrupted; and corrupt checkpoints are
// FileErrors naming the key at fault.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "framework/errors.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/adam.hpp"
#include "framework/optimizers/make_optimizer.hpp"
#include "framework/optimizers/sgd.hpp"
#include "framework/presets.hpp"
#include "framework/random.hpp"
#include "framework/serialization/checkpoint.hpp"
#include "framework/serialization/model_file.hpp"
#include "framework/training/resume.hpp"
#include "framework/training/stop_request.hpp"
#include "framework/training/trainer.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_checkpoint {

using namespace glassbox;
using nlohmann::json;

namespace {

// 150 noisy samples of 1×3×3 in three classes (a bright row per class), enough for 10 batches of 16
// per epoch with a short last one.
LabeledData rows_data() {
  Rng rng(11);
  std::normal_distribution<float> noise(0.0f, 0.3f);
  LabeledData data;
  data.inputs = Tensor::from_shape({150, 1, 3, 3});
  for (std::size_t i = 0; i < 150; ++i) {
    const int label = static_cast<int>((i * 7) % 3);
    for (std::size_t r = 0; r < 3; ++r) {
      for (std::size_t c = 0; c < 3; ++c) {
        data.inputs(i, 0, r, c) = (r == static_cast<std::size_t>(label) ? 1.0f : 0.0f) + noise(rng);
      }
    }
    data.labels.push_back(label);
  }
  data.class_names = {"top", "middle", "bottom"};
  return data;
}

// Hands out batches of `data` and requests a stop while handing out batch number `stop_at` (from
// 1), as a Ctrl-C during that batch would: the batch still trains, then the loop stops.
class InterruptingBatches : public DenseBatches {
 public:
  InterruptingBatches(const LabeledData& data, std::size_t stop_at)
      : DenseBatches(data), stop_at_(stop_at) {}
  void gather(const std::size_t* indices, std::size_t count, Tensor& inputs,
              Labels& labels) const override {
    if (++handed_out_ == stop_at_) request_stop();
    DenseBatches::gather(indices, count, inputs, labels);
  }

 private:
  std::size_t stop_at_;
  mutable std::size_t handed_out_ = 0;
};

const char* const layer_spec = "flatten,dense:12,relu,dropout:0.25,dense:3";

std::unique_ptr<Optimizer> make_optimizer(const std::string& name) {
  if (name == "adam")
    return std::make_unique<Adam>(AdamSettings{0.01f, 0.9f, 0.999f, 1e-8f, 1e-4f});
  return std::make_unique<Sgd>(SgdSettings{0.05f, 0.9f, true, 1e-4f});
}

TrainingSettings small_settings() {
  TrainingSettings settings;
  settings.epochs = 3;
  settings.batch_size = 16;
  settings.seed = 21;
  settings.schedule = parse_schedule("step:1:0.5", settings.epochs);
  settings.progress = false;
  return settings;
}

// The text of the checkpoint of a layer_spec run on `data` with SGD (momentum 0.9), stopped after
// `stop_at` batches: with 10 batches of 16 per epoch, 12 is batch 2 of epoch 2.
std::string interrupted_checkpoint(const LabeledData& data, std::size_t stop_at) {
  const TrainingSettings settings = small_settings();
  Sequential model = build_model(layer_spec, {1, 3, 3}, 5);
  Sgd sgd(SgdSettings{0.05f, 0.9f});
  TrainingProgress progress = start_progress(settings.seed, data.size(), sgd.learning_rate());
  REQUIRE_FALSE(continue_training(model, sgd, InterruptingBatches(data, stop_at), nullptr, settings,
                                  progress));
  clear_stop_request();
  return checkpoint_to_json(model, sgd, progress, json::object());
}

std::vector<Tensor> weights_of(Sequential& model) {
  std::vector<Tensor> weights;
  for (const auto& parameter : model.parameters()) weights.push_back(*parameter.value);
  return weights;
}

// Every float of `a` and `b` has the same bits (== on floats; none is NaN here).
bool identical(const std::vector<Tensor>& a, const std::vector<Tensor>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].shape() != b[i].shape() || !std::equal(a[i].begin(), a[i].end(), b[i].begin())) {
      return false;
    }
  }
  return true;
}

struct RunResult {
  std::vector<Tensor> weights;
  std::vector<EpochRecord> history;
};

RunResult uninterrupted_run(const LabeledData& data, const std::string& optimizer_name) {
  Sequential model = build_model(layer_spec, {1, 3, 3}, 5);
  const auto optimizer = make_optimizer(optimizer_name);
  const auto history = train_classifier(model, *optimizer, data, nullptr, small_settings());
  return {weights_of(model), history};
}

// Stops after `stop_at` batches, goes through the checkpoint's text, rebuilds everything from it
// as `glassbox train --resume` does, and finishes the run.
RunResult interrupted_run(const LabeledData& data, const std::string& optimizer_name,
                          std::size_t stop_at) {
  const TrainingSettings settings = small_settings();
  std::string saved;
  {
    Sequential model = build_model(layer_spec, {1, 3, 3}, 5);
    const auto optimizer = make_optimizer(optimizer_name);
    TrainingProgress progress =
        start_progress(settings.seed, data.size(), optimizer->learning_rate());
    const InterruptingBatches batches(data, stop_at);
    const bool finished =
        continue_training(model, *optimizer, batches, nullptr, settings, progress);
    clear_stop_request();
    REQUIRE_FALSE(finished);
    CHECK(progress.samples_trained == (stop_at / 10) * 150 + (stop_at % 10) * 16);
    saved = checkpoint_to_json(model, *optimizer, progress, json{{"note", "test"}});
  }
  Checkpoint checkpoint = checkpoint_from_text(saved, "checkpoint.json");
  CHECK(checkpoint.run == json{{"note", "test"}});
  CHECK(checkpoint.optimizer_name == (optimizer_name == "adam" ? "adam" : "sgd"));
  const auto optimizer = make_optimizer(optimizer_name);
  ResumedRun run =
      resume_run(std::move(checkpoint), *optimizer, settings, data.size(), "checkpoint.json");
  const DenseBatches batches(data);
  REQUIRE(continue_training(run.model, *optimizer, batches, nullptr, settings, run.progress));
  return {weights_of(run.model), run.progress.history};
}

// The layer list of `preset` for synthetic data: VOCAB becomes a small id count.
constexpr std::size_t preset_token_ids = 30;
constexpr std::size_t preset_sequence_length = 12;
constexpr std::size_t preset_text_features = 50;

// 40 random samples shaped as the preset's dataset gives them: 1×28×28 images in 10 classes for
// mnist; for 20news 50 tf-idf-like features or 12 token ids (sequences), in 20 classes.
LabeledData preset_data(const Preset& preset) {
  const std::size_t samples = 40;
  const bool text = preset.dataset == "20news";
  const bool sequences = text && preset.features == "sequences";
  const Shape sample =
      !text ? Shape{1, 28, 28} : Shape{sequences ? preset_sequence_length : preset_text_features};
  Shape shape{samples};
  shape.insert(shape.end(), sample.begin(), sample.end());
  LabeledData data;
  data.inputs = Tensor::from_shape(shape);
  Rng rng(17);
  std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
  std::uniform_int_distribution<int> id(0, static_cast<int>(preset_token_ids) - 1);
  for (float& value : data.inputs) value = sequences ? static_cast<float>(id(rng)) : uniform(rng);
  const std::size_t classes = text ? 20 : 10;
  for (std::size_t i = 0; i < samples; ++i) data.labels.push_back(static_cast<int>(i % classes));
  for (std::size_t c = 0; c < classes; ++c) data.class_names.push_back(std::to_string(c));
  return data;
}

std::unique_ptr<Optimizer> preset_optimizer(const Preset& preset) {
  return glassbox::make_optimizer(
      {preset.optimizer, preset.learning_rate, preset.momentum, false, preset.weight_decay});
}

// The preset's settings, shortened to 2 epochs of batches of 16 (3 batches per epoch).
TrainingSettings preset_settings(const Preset& preset) {
  TrainingSettings settings;
  settings.epochs = 2;
  settings.batch_size = 16;
  settings.seed = 3;
  settings.schedule = parse_schedule(preset.schedule, settings.epochs);
  settings.loss = preset.loss;
  settings.progress = false;
  return settings;
}

// The preset's run, uninterrupted (stop_at = 0) or stopped after `stop_at` batches and finished
// from its checkpoint's text as `glassbox train --resume` does: the model as loaded, the optimizer
// state put back, the progress as saved.
std::vector<Tensor> preset_run(const Preset& preset, const LabeledData& data, std::size_t stop_at) {
  const TrainingSettings settings = preset_settings(preset);
  Sequential model =
      build_model(with_token_count(preset.layers, preset_token_ids), data.sample_shape(), 5);
  auto optimizer = preset_optimizer(preset);
  TrainingProgress progress =
      start_progress(settings.seed, data.size(), optimizer->learning_rate());
  if (stop_at == 0) {
    REQUIRE(continue_training(model, *optimizer, DenseBatches(data), nullptr, settings, progress));
    return weights_of(model);
  }
  REQUIRE_FALSE(continue_training(model, *optimizer, InterruptingBatches(data, stop_at), nullptr,
                                  settings, progress));
  clear_stop_request();
  auto resumed_optimizer = preset_optimizer(preset);
  ResumedRun run = resume_run(
      checkpoint_from_text(checkpoint_to_json(model, *optimizer, progress, {}), "c.json"),
      *resumed_optimizer, settings, data.size(), "c.json");
  REQUIRE(continue_training(run.model, *resumed_optimizer, DenseBatches(data), nullptr, settings,
                            run.progress));
  return weights_of(run.model);
}

}  // namespace

TEST_CASE("a run interrupted after any batch resumes to the same weights, bit for bit") {
  const LabeledData data = rows_data();
  for (const std::string optimizer : {"sgd", "adam"}) {
    CAPTURE(optimizer);
    const RunResult reference = uninterrupted_run(data, optimizer);
    // 10 batches per epoch: mid-epoch, the last batch of an epoch, the first of the next, late.
    for (std::size_t stop_at : {1, 4, 10, 11, 29}) {
      CAPTURE(stop_at);
      const RunResult resumed = interrupted_run(data, optimizer, stop_at);
      CHECK(identical(resumed.weights, reference.weights));
      REQUIRE(resumed.history.size() == reference.history.size());
      for (std::size_t e = 0; e < reference.history.size(); ++e) {
        CHECK(resumed.history[e].loss == reference.history[e].loss);
        CHECK(resumed.history[e].train_accuracy == reference.history[e].train_accuracy);
        CHECK(resumed.history[e].learning_rate == reference.history[e].learning_rate);
      }
    }
  }
}

TEST_CASE("without restoring the dropout draws, the resumed run differs (the replay matters)") {
  const LabeledData data = rows_data();
  const RunResult reference = uninterrupted_run(data, "sgd");
  const TrainingSettings settings = small_settings();
  Sequential model = build_model(layer_spec, {1, 3, 3}, 5);
  auto optimizer = make_optimizer("sgd");
  TrainingProgress progress =
      start_progress(settings.seed, data.size(), optimizer->learning_rate());
  const InterruptingBatches batches(data, 4);
  REQUIRE_FALSE(continue_training(model, *optimizer, batches, nullptr, settings, progress));
  clear_stop_request();
  const std::string text = checkpoint_to_json(model, *optimizer, progress, {});
  Checkpoint checkpoint = checkpoint_from_text(text, "c.json");
  // The same weights, read as a plain model file: its Dropout generators start afresh.
  Sequential fresh = model_from_json(json::parse(text)["model"], "c.json").model;
  optimizer = make_optimizer("sgd");
  optimizer->load_state(checkpoint.optimizer);
  REQUIRE(continue_training(fresh, *optimizer, DenseBatches(data), nullptr, settings,
                            checkpoint.progress));
  CHECK_FALSE(identical(weights_of(fresh), reference.weights));
}

TEST_CASE("a checkpoint file round-trips through the file system") {
  const LabeledData data = rows_data();
  const TrainingSettings settings = small_settings();
  Sequential model = build_model(layer_spec, {1, 3, 3}, 5);
  Adam adam(AdamSettings{});
  TrainingProgress progress = start_progress(settings.seed, data.size(), adam.learning_rate());
  REQUIRE_FALSE(
      continue_training(model, adam, InterruptingBatches(data, 13), nullptr, settings, progress));
  clear_stop_request();
  const auto path = std::filesystem::temp_directory_path() / "glassbox_test_checkpoint.json";
  save_checkpoint(path.string(), model, adam, progress, json{{"epochs", 3}});
  Checkpoint loaded = load_checkpoint(path.string());
  std::filesystem::remove(path);
  CHECK(loaded.progress.epoch == 1);
  CHECK(loaded.progress.batch == 3);
  CHECK(loaded.progress.order == progress.order);
  CHECK(loaded.progress.shuffle_rng == progress.shuffle_rng);
  CHECK(loaded.progress.loss_sum == progress.loss_sum);
  CHECK(loaded.progress.history.size() == 1);
  CHECK(loaded.optimizer.steps == 13);
  CHECK(
      identical(loaded.optimizer.slots.at("first_moment"), adam.state().slots.at("first_moment")));
  CHECK(identical(weights_of(loaded.model), weights_of(model)));
}

TEST_CASE("a checkpoint's optimizer state goes only into an optimizer of its kind") {
  const LabeledData data = rows_data();
  Sequential model = build_model(layer_spec, {1, 3, 3}, 5);
  const auto adam = make_optimizer("adam");
  const TrainingSettings settings = small_settings();
  TrainingProgress progress = start_progress(settings.seed, data.size(), adam->learning_rate());
  REQUIRE_FALSE(
      continue_training(model, *adam, InterruptingBatches(data, 4), nullptr, settings, progress));
  clear_stop_request();
  const std::string text = checkpoint_to_json(model, *adam, progress, json::object());
  const auto sgd = make_optimizer("sgd");
  CHECK_THROWS_WITH_AS(
      resume_run(checkpoint_from_text(text, "c.json"), *sgd, settings, data.size(), "c.json"),
      doctest::Contains("c.json (optimizer.name)"), FileError);
  Checkpoint checkpoint = checkpoint_from_text(text, "c.json");
  checkpoint.optimizer.slots.erase("first_moment");
  CHECK_THROWS_WITH_AS(resume_run(std::move(checkpoint), *adam, settings, data.size(), "c.json"),
                       doctest::Contains("c.json (optimizer.slots)"), FileError);
}

TEST_CASE("progress that does not fit the training set is refused") {
  const LabeledData data = rows_data();
  Sequential model = build_model(layer_spec, {1, 3, 3}, 5);
  Sgd sgd(SgdSettings{});
  TrainingProgress progress = start_progress(1, data.size() - 1, 0.01f);
  CHECK_THROWS_WITH_AS(
      continue_training(model, sgd, DenseBatches(data), nullptr, small_settings(), progress),
      doctest::Contains("149 samples"), ArgumentError);
  progress = start_progress(1, data.size(), 0.01f);
  progress.batch = 10;  // past the last batch of the epoch
  CHECK_THROWS_AS(
      continue_training(model, sgd, DenseBatches(data), nullptr, small_settings(), progress),
      ArgumentError);
}

TEST_CASE("corrupt checkpoints are FileErrors at the right key path") {
  const std::string text = interrupted_checkpoint(rows_data(), 12);
  json d = json::parse(text);
  auto check_rejected = [](const json& document, const std::string& position,
                           const std::string& problem) {
    CAPTURE(position);
    try {
      checkpoint_from_text(document.dump(), "run.checkpoint");
      FAIL("accepted");
    } catch (const FileError& error) {
      CHECK(error.file() == "run.checkpoint");
      CHECK(error.position() == position);
      CHECK_MESSAGE(error.problem().find(problem) != std::string::npos, error.problem());
    }
  };
  CHECK_NOTHROW(checkpoint_from_text(d.dump(), "run.checkpoint"));

  SUBCASE("not JSON") {
    CHECK_THROWS_WITH_AS(checkpoint_from_text(text.substr(0, text.size() / 2), "run.checkpoint"),
                         doctest::Contains("not valid JSON"), FileError);
  }
  SUBCASE("a model file instead") {
    check_rejected(d["model"], "format", "not a glassbox checkpoint");
  }
  SUBCASE("newer version") {
    d["version"] = 2;
    check_rejected(d, "version", "unsupported version 2");
  }
  SUBCASE("unknown key") {
    d["comment"] = "hello";
    check_rejected(d, "comment", "unexpected key");
  }
  SUBCASE("run not an object") {
    d["run"] = json::array();
    check_rejected(d, "run", "expected an object");
  }
  SUBCASE("order that is not a permutation") {
    d["progress"]["order"][5] = d["progress"]["order"][6];
    check_rejected(d, "progress.order[6]", "repeats");
  }
  SUBCASE("order index too large") {
    d["progress"]["order"][0] = 150;
    check_rejected(d, "progress.order[0]", "too large");
  }
  SUBCASE("history that does not match the epoch") {
    d["progress"]["history"] = json::array();
    check_rejected(d, "progress.history", "expected 1 epoch records");
  }
  SUBCASE("generator state damaged") {
    d["progress"]["shuffle_state"] = "1 2 3";
    check_rejected(d, "progress.shuffle_state", "mt19937_64");
  }
  SUBCASE("negative batch") {
    d["progress"]["batch"] = -1;
    check_rejected(d, "progress.batch", "non-negative whole number");
  }
  SUBCASE("null loss sum (how JSON writers store NaN)") {
    d["progress"]["loss_sum"] = nullptr;
    check_rejected(d, "progress.loss_sum", "expected a finite number");
  }
  SUBCASE("more correct than seen") {
    d["progress"]["correct"] = 1000;
    check_rejected(d, "progress.correct", "more correct");
  }
  SUBCASE("optimizer state with a tensor missing") {
    d["optimizer"]["slots"]["velocity"].erase(0);
    check_rejected(d, "optimizer.slots.velocity", "expected 4 tensors");
  }
  SUBCASE("optimizer state of the wrong shape") {
    d["optimizer"]["slots"]["velocity"][1]["shape"] = {12, 1};
    check_rejected(d, "optimizer.slots.velocity[1].shape", "expected shape [12]");
  }
  SUBCASE("an impossible count of samples trained: 10^15, 2^64 - 1, one too many") {
    for (const json& count :
         {json(1'000'000'000'000'000ull), json(18446744073709551615ull), json(183)}) {
      CAPTURE(count);
      d["progress"]["samples_trained"] = count;
      check_rejected(d, "progress.samples_trained", "expected 182");
    }
  }
  SUBCASE("a learning rate no float can hold") {
    d["progress"]["initial_learning_rate"] = 1e300;
    check_rejected(d, "progress.initial_learning_rate", "a float can hold");
  }
  SUBCASE("more samples seen in the epoch than it has") {
    d["progress"]["seen"] = 150;
    check_rejected(d, "progress.seen", "cannot have seen 150");
  }
  SUBCASE("epoch records out of order") {
    d["progress"]["history"][0]["epoch"] = 2;
    check_rejected(d, "progress.history[0].epoch", "expected epoch 1");
  }
  SUBCASE("an error inside the model names its path under model") {
    d["model"]["layers"][1]["parameters"]["weight"]["data"][3] = "x";
    check_rejected(d, "model.layers[1].parameters.weight.data[3]", "expected a number");
  }
}

TEST_CASE("a missing checkpoint file names the file") {
  CHECK_THROWS_WITH_AS(load_checkpoint("/nonexistent/run.checkpoint"),
                       doctest::Contains("/nonexistent/run.checkpoint"), FileError);
}

TEST_CASE("every preset's layer list resumes to the same weights, bit for bit, dropout included") {
  for (const Preset& preset : presets()) {
    CAPTURE(preset.name);
    const LabeledData data = preset_data(preset);
    const std::vector<Tensor> reference = preset_run(preset, data, 0);
    // Mid-epoch, the last batch of the first epoch, mid-way through the second.
    for (std::size_t stop_at : {1, 3, 5}) {
      CAPTURE(stop_at);
      CHECK(identical(preset_run(preset, data, stop_at), reference));
    }
  }
}

TEST_CASE("Dropout inside a Parallel branch resumes bit for bit too") {
  const LabeledData data = rows_data();
  const TrainingSettings settings = small_settings();
  const char* const spec =
      "parallel(flatten,dense:6,relu,dropout:0.3|flatten,dropout:0.2,dense:5),relu,dense:3";
  Sequential reference = build_model(spec, {1, 3, 3}, 9);
  Sgd sgd(SgdSettings{0.05f, 0.9f});
  train_classifier(reference, sgd, data, nullptr, settings);

  Sequential model = build_model(spec, {1, 3, 3}, 9);
  Sgd first(SgdSettings{0.05f, 0.9f});
  TrainingProgress progress = start_progress(settings.seed, data.size(), first.learning_rate());
  REQUIRE_FALSE(
      continue_training(model, first, InterruptingBatches(data, 14), nullptr, settings, progress));
  clear_stop_request();
  Checkpoint checkpoint =
      checkpoint_from_text(checkpoint_to_json(model, first, progress, {}), "c.json");
  Sgd second(SgdSettings{0.05f, 0.9f});
  ResumedRun run = resume_run(std::move(checkpoint), second, settings, data.size(), "c.json");
  REQUIRE(
      continue_training(run.model, second, DenseBatches(data), nullptr, settings, run.progress));
  CHECK(identical(weights_of(run.model), weights_of(reference)));
}

TEST_CASE("a checkpoint that does not fit its run is refused, naming the key") {
  const LabeledData data = rows_data();
  const TrainingSettings settings = small_settings();  // 3 epochs of 10 batches of 16
  const std::string text = interrupted_checkpoint(data, 12);
  const Checkpoint checkpoint = checkpoint_from_text(text, "run.checkpoint");
  CHECK_NOTHROW(check_checkpoint_fits(checkpoint, settings, "run.checkpoint"));
  auto check_refused = [&](const TrainingSettings& run, const std::string& position,
                           const std::string& problem) {
    CAPTURE(position);
    try {
      check_checkpoint_fits(checkpoint, run, "run.checkpoint");
      FAIL("accepted");
    } catch (const FileError& error) {
      CHECK(error.file() == "run.checkpoint");
      CHECK(error.position() == position);
      CHECK_MESSAGE(error.problem().find(problem) != std::string::npos, error.problem());
    }
  };
  TrainingSettings run = settings;
  run.epochs = 1;  // the checkpoint is in epoch 2
  check_refused(run, "progress.epoch", "past the end of the run's 1 epochs");
  for (int epochs : {0, -1}) {
    run.epochs = epochs;
    check_refused(run, "run", "a run has at least 1");
  }
  run = settings;
  run.batch_size = 64;  // 2 batches done would be 128 samples, not 32
  check_refused(run, "progress.seen", "counts 32 samples");
  run.batch_size = 100;  // an epoch of 2 batches cannot be at its 3rd
  check_refused(run, "progress.batch", "batch 3 of an epoch that has 2");

  // Through continue_training the same checks are ArgumentErrors.
  Checkpoint again = checkpoint_from_text(text, "run.checkpoint");
  Sgd sgd(SgdSettings{0.05f, 0.9f});
  run = settings;
  run.epochs = 1;
  CHECK_THROWS_WITH_AS(
      continue_training(again.model, sgd, DenseBatches(data), nullptr, run, again.progress),
      doctest::Contains("past the end"), ArgumentError);
}

TEST_CASE("resume_run refuses another optimizer's state and another training set") {
  const LabeledData data = rows_data();
  const TrainingSettings settings = small_settings();
  const std::string text = interrupted_checkpoint(data, 3);
  Adam adam(AdamSettings{});
  CHECK_THROWS_WITH_AS(
      resume_run(checkpoint_from_text(text, "c.json"), adam, settings, data.size(), "c.json"),
      doctest::Contains("c.json (optimizer.name): the optimizer state is sgd's"), FileError);
  Sgd other(SgdSettings{0.05f, 0.9f});
  CHECK_THROWS_WITH_AS(
      resume_run(checkpoint_from_text(text, "c.json"), other, settings, data.size() + 1, "c.json"),
      doctest::Contains("c.json (progress.order)"), FileError);
}

}  // namespace test_checkpoint
