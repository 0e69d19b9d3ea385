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
#include "framework/optimizers/sgd.hpp"
#include "framework/random.hpp"
#include "framework/serialization/checkpoint.hpp"
#include "framework/training/dropout_replay.hpp"
#include "framework/training/stop_request.hpp"
#include "framework/training/trainer.hpp"

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
  CHECK(restore_training_state(checkpoint, *optimizer, "checkpoint.json") == 0);
  const DenseBatches batches(data);
  REQUIRE(continue_training(checkpoint.model, *optimizer, batches, nullptr, settings,
                            checkpoint.progress));
  return {weights_of(checkpoint.model), checkpoint.progress.history};
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
  Checkpoint checkpoint =
      checkpoint_from_text(checkpoint_to_json(model, *optimizer, progress, {}), "c.json");
  optimizer = make_optimizer("sgd");
  optimizer->load_state(checkpoint.optimizer);
  REQUIRE(continue_training(checkpoint.model, *optimizer, DenseBatches(data), nullptr, settings,
                            checkpoint.progress));
  CHECK_FALSE(identical(weights_of(checkpoint.model), reference.weights));
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
  TrainingProgress progress = start_progress(1, data.size(), 0.01f);
  continue_training(model, *adam, DenseBatches(data), nullptr, small_settings(), progress);
  Checkpoint checkpoint =
      checkpoint_from_text(checkpoint_to_json(model, *adam, progress, json::object()), "c.json");
  const auto sgd = make_optimizer("sgd");
  CHECK_THROWS_WITH_AS(restore_training_state(checkpoint, *sgd, "c.json"),
                       doctest::Contains("c.json (optimizer.name)"), FileError);
  checkpoint.optimizer.slots.erase("first_moment");
  CHECK_THROWS_WITH_AS(restore_training_state(checkpoint, *adam, "c.json"),
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
  const LabeledData data = rows_data();
  const TrainingSettings settings = small_settings();
  Sequential model = build_model(layer_spec, {1, 3, 3}, 5);
  Sgd sgd(SgdSettings{0.05f, 0.9f});
  TrainingProgress progress = start_progress(settings.seed, data.size(), sgd.learning_rate());
  REQUIRE_FALSE(
      continue_training(model, sgd, InterruptingBatches(data, 12), nullptr, settings, progress));
  clear_stop_request();
  const std::string text = checkpoint_to_json(model, sgd, progress, json::object());
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
  SUBCASE("an error inside the model names its path under model") {
    d["model"]["layers"][1]["parameters"]["weight"]["data"][3] = "x";
    check_rejected(d, "model.layers[1].parameters.weight.data[3]", "expected a number");
  }
}

TEST_CASE("a missing checkpoint file names the file") {
  CHECK_THROWS_WITH_AS(load_checkpoint("/nonexistent/run.checkpoint"),
                       doctest::Contains("/nonexistent/run.checkpoint"), FileError);
}
