// A training run saved mid-way, to be resumed with the same results as if it had never stopped.
//
// A checkpoint holds the model, the optimizer's state (optimizer.hpp: momentum or Adam's moments
// and step count), the training progress (training_progress.hpp: epoch and batch, the epoch's
// sample order and shuffle generator, the running sums and the finished epochs' records) and a
// free-form "run" object in which the caller keeps what it needs to rebuild the rest (the command
// line's options: data, layers, optimizer settings).
//
// The format (version 1), one JSON object; every key is required and no other is allowed:
//
//   {
//     "format": "glassbox-checkpoint",
//     "version": 1,
//     "run": {...},                                            free-form, an object
//     "progress": {"epoch": 2, "batch": 117, "samples_trained": 135488,
//                  "initial_learning_rate": 0.05, "loss_sum": ..., "correct": ..., "seen": ...,
//                  "seconds": ..., "shuffle_state": "<the generator's state as text>",
//                  "order": [...], "history": [{"epoch": 1, ...}, ...]},
//     "optimizer": {"name": "sgd", "steps": 0,
//                   "slots": {"velocity": [{"shape": [...], "data": [...]}, ...]}},
//     "model": {...}                                           a model file (model_file.hpp)
//   }
//
// Floats are written exactly as in model files and doubles with 17 significant digits, so a
// loaded checkpoint is bit for bit the saved one. Checkpoints are written atomically
// (atomic_write.hpp), so an interrupted save leaves the previous checkpoint whole. Loading trusts
// nothing: every problem is a FileError naming the key path, as for model files.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "framework/optimizers/optimizer.hpp"
#include "framework/sequential.hpp"
#include "framework/training/training_progress.hpp"

namespace glassbox {

inline constexpr const char* checkpoint_format_name = "glassbox-checkpoint";
inline constexpr int checkpoint_format_version = 1;

struct Checkpoint {
  Sequential model;
  std::string optimizer_name;  // describe()["name"] of the optimizer that was saved
  OptimizerState optimizer;
  TrainingProgress progress;
  nlohmann::json run;  // always an object
};

// The text of a checkpoint. ArgumentError for what JSON cannot hold (non-finite weights, state or
// run values).
std::string checkpoint_to_json(Sequential& model, const Optimizer& optimizer,
                               const TrainingProgress& progress, const nlohmann::json& run);

// Writes checkpoint_to_json(...) to `path` atomically; FileError when it cannot be written.
void save_checkpoint(const std::string& path, Sequential& model, const Optimizer& optimizer,
                     const TrainingProgress& progress, const nlohmann::json& run);

// Parses and checks a checkpoint; FileError(source_name, problem, key path) for anything wrong.
Checkpoint checkpoint_from_text(const std::string& text, const std::string& source_name);

// Reads the checkpoint at `path`; every failure is a FileError naming `path`.
Checkpoint load_checkpoint(const std::string& path);

// Puts the checkpoint's optimizer state into `optimizer` (which must be of the kind that was saved)
// and replays the Dropout draws of its model (dropout_replay.hpp), so that the run goes on as if
// it had never stopped. FileError naming `checkpoint_file` when the state does not fit. Returns
// how many Dropout layers could not be reached (inside Parallel): their masks will differ.
std::size_t restore_training_state(Checkpoint& checkpoint, Optimizer& optimizer,
                                   const std::string& checkpoint_file);

}  // namespace glassbox
