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
#include "framework/training/trainer.hpp"
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

// Parses and checks a checkpoint; FileError(source_name, problem, key path) for anything wrong,
// including counts that do not agree with each other (progress.samples_trained must be epoch · N
// plus the samples of the epoch in progress, N = progress.order's length). The model comes back
// as the interrupted run left it, Dropout generators included (dropout_replay.hpp), ready to go
// on training.
Checkpoint checkpoint_from_text(const std::string& text, const std::string& source_name);

// Reads the checkpoint at `path`; every failure is a FileError naming `path`, running out of
// memory included.
Checkpoint load_checkpoint(const std::string& path);

// Checks that `checkpoint` can continue a run of `settings` (the run's epochs and batch size; the
// training set is taken to have progress.order's length): FileError(source_name, problem, key
// path) when its epoch lies past the end of the run, when the run has no epochs ("run"), or when
// its batch and counts do not fit the batch size (progress_check.hpp). Needs no data, so a
// command can call it before loading any.
void check_checkpoint_fits(const Checkpoint& checkpoint, const TrainingSettings& settings,
                           const std::string& source_name);

}  // namespace glassbox
