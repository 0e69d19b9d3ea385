#include "framework/serialization/checkpoint.hpp"

#include <cmath>
#include <cstdint>
#include <sstream>
#include <utility>
#include <vector>

#include "framework/errors.hpp"
#include "framework/serialization/atomic_write.hpp"
#include "framework/serialization/json_checks.hpp"
#include "framework/serialization/model_file.hpp"
#include "framework/training/dropout_replay.hpp"
#include "framework/training/progress_check.hpp"

namespace glassbox {
namespace {

using nlohmann::json;

// std::mt19937_64 writes and reads its whole state (312 words and a position) as text; that is the
// one portable way to store it.
std::string generator_state(const Rng& rng) {
  std::ostringstream text;
  text << rng;
  return text.str();
}

json progress_to_json(const TrainingProgress& progress) {
  json history = json::array();
  for (const EpochRecord& record : progress.history) history.push_back(record.to_json());
  return {{"epoch", progress.epoch},
          {"batch", progress.batch},
          {"samples_trained", progress.samples_trained},
          {"initial_learning_rate", progress.initial_learning_rate},
          {"loss_sum", progress.loss_sum},
          {"correct", progress.correct},
          {"seen", progress.seen},
          {"seconds", progress.seconds},
          {"shuffle_state", generator_state(progress.shuffle_rng)},
          {"order", progress.order},
          {"history", history}};
}

std::string optimizer_to_json(const Optimizer& optimizer) {
  const OptimizerState state = optimizer.state();
  std::string text = "{\"name\": " + optimizer.describe().at("name").dump() +
                     ", \"steps\": " + std::to_string(state.steps) + ", \"slots\": {";
  bool first_slot = true;
  for (const auto& [name, tensors] : state.slots) {
    text += first_slot ? "\n    " : ",\n    ";
    first_slot = false;
    text += json(name).dump() + ": [";
    for (std::size_t i = 0; i < tensors.size(); ++i) {
      text += i > 0 ? ",\n      " : "\n      ";
      text += tensor_to_json(tensors[i], json_element("optimizer.slots." + name, i));
    }
    text += tensors.empty() ? "]" : "\n    ]";
  }
  text += "}}";
  return text;
}

// Reads and checks every part of a checkpoint document, failing with the key path at fault.
class CheckpointReader : public JsonChecker {
 public:
  using JsonChecker::JsonChecker;

  Checkpoint read(const json& document) const {
    expect_format(document, checkpoint_format_name, checkpoint_format_version,
                  "glassbox checkpoint");
    allow_only(document, "", {"format", "version", "run", "progress", "optimizer", "model"});
    const json& run = field(document, "", "run");
    expect_object(run, "run");

    Checkpoint checkpoint{read_model(field(document, "", "model")), "", {}, {}, run};
    read_optimizer(field(document, "", "optimizer"), checkpoint);
    checkpoint.progress = read_progress(field(document, "", "progress"));
    // Only now that samples_trained is known to agree with the rest of the progress: it sets how
    // long the replay takes.
    restore_dropout_draws(checkpoint.model, checkpoint.progress.samples_trained);
    return checkpoint;
  }

 private:
  // The model part is a model file; its errors get the "model." prefix on their key path.
  Sequential read_model(const json& value) const {
    try {
      return std::move(model_from_json(value, source()).model);
    } catch (const FileError& error) {
      throw FileError(error.file(), error.problem(), json_member("model", error.position()));
    }
  }

  void read_optimizer(const json& value, Checkpoint& checkpoint) const {
    expect_object(value, "optimizer");
    allow_only(value, "optimizer", {"name", "steps", "slots"});
    const json& name = field(value, "optimizer", "name");
    if (!name.is_string()) fail("optimizer.name", "expected a name, found " + describe_json(name));
    checkpoint.optimizer_name = name.get<std::string>();
    checkpoint.optimizer.steps =
        static_cast<long>(read_count(field(value, "optimizer", "steps"), "optimizer.steps"));

    const json& slots = field(value, "optimizer", "slots");
    expect_object(slots, "optimizer.slots");
    const auto parameters = checkpoint.model.parameters();
    for (const auto& item : slots.items()) {
      const std::string position = json_member("optimizer.slots", item.key());
      expect_array(item.value(), position);
      // A slot is empty before the first step, else it has one tensor per parameter.
      if (!item.value().empty() && item.value().size() != parameters.size()) {
        fail(position, "expected " + std::to_string(parameters.size()) +
                           " tensors (one per parameter of the model), found " +
                           std::to_string(item.value().size()));
      }
      std::vector<Tensor>& tensors = checkpoint.optimizer.slots[item.key()];
      for (std::size_t i = 0; i < item.value().size(); ++i) {
        tensors.push_back(xt::zeros<float>(parameters[i].value->shape()));
        tensor_from_json(item.value()[i], tensors.back(), source(), json_element(position, i));
      }
    }
  }

  TrainingProgress read_progress(const json& value) const {
    const std::string at = "progress";
    expect_object(value, at);
    allow_only(value, at,
               {"epoch", "batch", "samples_trained", "initial_learning_rate", "loss_sum", "correct",
                "seen", "seconds", "shuffle_state", "order", "history"});
    TrainingProgress progress;
    progress.epoch = static_cast<int>(read_bounded(value, at, "epoch", 1'000'000));
    progress.batch = read_count(field(value, at, "batch"), json_member(at, "batch"));
    progress.samples_trained =
        read_count(field(value, at, "samples_trained"), json_member(at, "samples_trained"));
    progress.initial_learning_rate =
        static_cast<float>(read_number(value, at, "initial_learning_rate"));
    // A double beyond the float range (1e300) turns into infinity here.
    if (!(progress.initial_learning_rate > 0.0f) ||
        !std::isfinite(progress.initial_learning_rate)) {
      fail(json_member(at, "initial_learning_rate"), "must be a positive number a float can hold");
    }
    progress.loss_sum = read_number(value, at, "loss_sum");
    progress.correct = read_count(field(value, at, "correct"), json_member(at, "correct"));
    progress.seen = read_count(field(value, at, "seen"), json_member(at, "seen"));
    if (progress.correct > progress.seen) {
      fail(json_member(at, "correct"), "more correct predictions than samples seen");
    }
    progress.seconds = read_number(value, at, "seconds");
    read_generator(field(value, at, "shuffle_state"), progress.shuffle_rng);
    progress.order = read_order(field(value, at, "order"));
    progress.history = read_history(field(value, at, "history"));
    if (progress.history.size() != static_cast<std::size_t>(progress.epoch)) {
      fail(json_member(at, "history"), "expected " + std::to_string(progress.epoch) +
                                           " epoch records (one per finished epoch), found " +
                                           std::to_string(progress.history.size()));
    }
    check_counts(progress);
    return progress;
  }

  // The counts of a progress the training loop wrote agree with each other (N samples per epoch,
  // N = order.size()): an epoch in progress (batch > 0) has seen at least one sample per batch
  // and fewer than N, and samples_trained = epoch · N + (batch > 0 ? seen : 0). A count that
  // disagrees (10^15, 2^64 − 1) cannot come from a run; trusted, it would make the Dropout replay
  // draw masks for years.
  void check_counts(const TrainingProgress& progress) const {
    const std::string at = "progress";
    const std::uint64_t samples = progress.order.size();
    if (progress.batch > 0 && (progress.seen < progress.batch || progress.seen >= samples)) {
      fail(json_member(at, "seen"), std::to_string(progress.batch) +
                                        " batches are done in this epoch, which cannot have "
                                        "seen " +
                                        std::to_string(progress.seen) + " of its " +
                                        std::to_string(samples) + " samples");
    }
    const std::uint64_t expected = static_cast<std::uint64_t>(progress.epoch) * samples +
                                   (progress.batch > 0 ? progress.seen : 0);
    if (progress.samples_trained != expected) {
      fail(json_member(at, "samples_trained"),
           "expected " + std::to_string(expected) + " (" + std::to_string(progress.epoch) +
               " epochs of " + std::to_string(samples) + " samples" +
               (progress.batch > 0 ? " and " + std::to_string(progress.seen) + " more" : "") +
               "), found " + std::to_string(progress.samples_trained));
    }
  }

  std::size_t read_bounded(const json& object, const std::string& position, const char* key,
                           std::size_t limit) const {
    const std::size_t count = read_count(field(object, position, key), json_member(position, key));
    if (count > limit) {
      fail(json_member(position, key), "larger than " + std::to_string(limit));
    }
    return count;
  }

  double read_number(const json& object, const std::string& position, const char* key) const {
    const json& value = field(object, position, key);
    if (!value.is_number() || !std::isfinite(value.get<double>())) {
      fail(json_member(position, key), "expected a finite number, found " + describe_json(value));
    }
    return value.get<double>();
  }

  void read_generator(const json& value, Rng& rng) const {
    const std::string position = "progress.shuffle_state";
    if (!value.is_string()) {
      fail(position, "expected the generator's state as text, found " + describe_json(value));
    }
    std::istringstream text(value.get<std::string>());
    text >> rng;
    if (text.fail() || !(text >> std::ws).eof()) {
      fail(position, "not the state of a std::mt19937_64 (312 numbers and a position)");
    }
  }

  // The order must be a permutation of 0 ... N−1: anything else would skip or repeat samples.
  std::vector<std::size_t> read_order(const json& value) const {
    const std::string position = "progress.order";
    expect_array(value, position);
    std::vector<std::size_t> order;
    order.reserve(value.size());
    std::vector<bool> present(value.size(), false);
    for (std::size_t i = 0; i < value.size(); ++i) {
      const std::size_t index = read_count(value[i], json_element(position, i));
      if (index >= value.size() || present[index]) {
        fail(json_element(position, i),
             "not a permutation of 0 to " + std::to_string(value.size()) + " - 1: " +
                 std::to_string(index) + (index >= value.size() ? " is too large" : " repeats"));
      }
      present[index] = true;
      order.push_back(index);
    }
    return order;
  }

  std::vector<EpochRecord> read_history(const json& value) const {
    const std::string position = "progress.history";
    expect_array(value, position);
    std::vector<EpochRecord> history;
    for (std::size_t i = 0; i < value.size(); ++i) {
      const std::string at = json_element(position, i);
      const json& entry = value[i];
      expect_object(entry, at);
      allow_only(entry, at,
                 {"epoch", "learning_rate", "loss", "train_accuracy", "validation_accuracy",
                  "seconds", "samples_per_second"});
      EpochRecord record;
      record.epoch = static_cast<int>(read_bounded(entry, at, "epoch", 1'000'000));
      if (record.epoch != static_cast<int>(i) + 1) {
        fail(json_member(at, "epoch"), "expected epoch " + std::to_string(i + 1) +
                                           " (the records are the finished epochs in order), "
                                           "found " +
                                           std::to_string(record.epoch));
      }
      record.learning_rate = static_cast<float>(read_number(entry, at, "learning_rate"));
      record.loss = read_number(entry, at, "loss");
      record.train_accuracy = read_number(entry, at, "train_accuracy");
      if (entry.contains("validation_accuracy")) {
        record.validation_accuracy = read_number(entry, at, "validation_accuracy");
      }
      record.seconds = read_number(entry, at, "seconds");
      record.samples_per_second = read_number(entry, at, "samples_per_second");
      history.push_back(record);
    }
    return history;
  }
};

}  // namespace

std::string checkpoint_to_json(Sequential& model, const Optimizer& optimizer,
                               const TrainingProgress& progress, const json& run) {
  if (!run.is_null() && !run.is_object()) {
    throw ArgumentError(std::string("the checkpoint's run must be a JSON object, got ") +
                        run.type_name());
  }
  // dump() writes doubles with as many digits as it takes to read them back exactly.
  std::string text = "{\n\"format\": \"";
  text += checkpoint_format_name;
  text += "\",\n\"version\": " + std::to_string(checkpoint_format_version);
  text += ",\n\"run\": " + (run.is_null() ? json::object() : run).dump();
  text += ",\n\"progress\": " + progress_to_json(progress).dump();
  text += ",\n\"optimizer\": " + optimizer_to_json(optimizer);
  text += ",\n\"model\": " + model_to_json(model, json::object());
  text += "}\n";
  return text;
}

void save_checkpoint(const std::string& path, Sequential& model, const Optimizer& optimizer,
                     const TrainingProgress& progress, const json& run) {
  atomic_write(path, checkpoint_to_json(model, optimizer, progress, run));
}

Checkpoint checkpoint_from_text(const std::string& text, const std::string& source_name) {
  return CheckpointReader(source_name).read(parse_json_text(text, source_name));
}

Checkpoint load_checkpoint(const std::string& path) {
  return load_within_memory(path,
                            [&] { return checkpoint_from_text(read_whole_file(path), path); });
}

void check_checkpoint_fits(const Checkpoint& checkpoint, const TrainingSettings& settings,
                           const std::string& source_name) {
  const auto mismatch =
      progress_mismatch(checkpoint.progress, settings, checkpoint.progress.order.size());
  if (mismatch) {
    throw FileError(source_name, mismatch->problem,
                    mismatch->field.empty() ? "run" : json_member("progress", mismatch->field));
  }
}

}  // namespace glassbox
