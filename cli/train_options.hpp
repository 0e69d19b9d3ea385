// The options of `glassbox train`, and how they are completed from a preset and kept in a
// checkpoint, so that `glassbox train --resume` continues a run with exactly the options it had.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/data_loading.hpp"

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

}  // namespace glassbox::cli
