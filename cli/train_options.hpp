// The options of `glassbox train`: how they are read from the command line, completed from a
// preset, and kept in a checkpoint, so that `glassbox train --resume` continues a run with exactly
// the options it had.
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "datasets/data_request.hpp"
#include "framework/serialization/checkpoint.hpp"

namespace glassbox::cli {

struct TrainOptions {
  std::string preset = "mlp";
  std::string layers;  // overrides the preset's layers when given
  DataRequest data;
  long validation_size = -1;   // −1: the dataset's default (mnist 5000, 20news 0)
  int epochs = -1;             // −1: the preset's
  std::size_t batch_size = 0;  // 0: the preset's
  std::string optimizer;       // "": the preset's
  float learning_rate = -1.0f;
  float momentum = -1.0f;
  bool nesterov = false;
  float weight_decay = -1.0f;  // −1: the preset's
  std::string schedule;
  std::string loss;  // "": the preset's
  std::uint64_t seed = 1;
  std::string output = "model.json";
  std::string checkpoint;  // written after every epoch and when interrupted; "": only then, beside
                           // the output
  std::string resume;      // a checkpoint to continue from; "": start afresh
  bool json = false;
};

// Adds every option of `glassbox train` to `command`, reading into `options` (whose dataset and
// text features it leaves empty: "the preset's").
void add_train_options(CLI::App& command, TrainOptions& options);

// Fills every option left at its "the preset's" value from the preset.
void apply_preset_defaults(TrainOptions& options);

// Where an interrupted run saves its checkpoint: --checkpoint, else the output file +
// ".checkpoint".
std::string checkpoint_path(const TrainOptions& options);

// The options of a run (all but resume and json) as a checkpoint keeps them, and back.
// options_from_run throws FileError naming `checkpoint_file` when `run` lacks an option or holds
// one of the wrong type.
nlohmann::json options_to_run(const TrainOptions& options);
TrainOptions options_from_run(const nlohmann::json& run, const std::string& checkpoint_file);

// --resume continues the run with the options it was started with: ArgumentError when the command
// line `command` read gives any but the output options (--out, --checkpoint, --json).
void check_resume_options(const CLI::App& command);

// The options of the run `checkpoint` continues, with the output options of this command line
// (`given`, read by `command`).
TrainOptions resumed_options(const TrainOptions& given, const Checkpoint& checkpoint,
                             const CLI::App& command);

}  // namespace glassbox::cli
