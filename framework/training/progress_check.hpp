// Whether a TrainingProgress can go on with a run's settings on its training set: the check that
// every way of continuing a run goes through (continue_training, and resuming from a checkpoint,
// which reports it against the checkpoint file).
//
// A progress made by the training loop satisfies, with N samples, B the batch size, E epochs:
//   1 ≤ E, 1 ≤ B, order.size() = N, epoch ≤ E, and epoch < E while batch > 0;
//   batch < ⌈N / B⌉ (a finished epoch moves on to the next with batch 0), and when batch > 0,
//   seen = batch · B (every batch but an epoch's last is full; the last one finishes the epoch).
// The counts that do not depend on the settings (samples_trained, seen) are checked when a
// checkpoint is loaded (checkpoint.hpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "framework/training/trainer.hpp"

namespace glassbox {

struct ProgressMismatch {
  std::string field;    // the TrainingProgress member at fault ("epoch", "order", "batch",
                        // "seen"), or "" when the settings themselves cannot run
  std::string problem;  // what is wrong, in words
};

// The first way `progress` cannot continue a run of `settings` on `training_samples` samples, or
// nothing when it can.
std::optional<ProgressMismatch> progress_mismatch(const TrainingProgress& progress,
                                                  const TrainingSettings& settings,
                                                  std::size_t training_samples);

}  // namespace glassbox
