// Continuing an interrupted run from its checkpoint, in one call that does every step in order.
//
// Resuming takes three things out of a checkpoint: the model, which loading has already put back
// as the run left it (weights and Dropout generators, checkpoint.hpp); the optimizer's state; and
// the progress, which must fit the run's settings and its training set (progress_check.hpp).
// Doing them by hand invites the mistake glassbox train once made: moving the model out of the
// checkpoint before the Dropout draws were replayed on it, so that the resumed run drew fresh
// masks and ended with other weights. Here the checkpoint is consumed whole.
#pragma once

#include <cstddef>
#include <string>

#include "framework/optimizers/optimizer.hpp"
#include "framework/serialization/checkpoint.hpp"
#include "framework/training/trainer.hpp"

namespace glassbox {

struct ResumedRun {
  Sequential model;
  TrainingProgress progress;
};

// Checks `checkpoint` against the run (check_checkpoint_fits, and that its sample order is for
// `training_samples` samples), loads its optimizer state into `optimizer`, and hands over the
// model and the progress, to be passed to continue_training with `settings`. FileError naming
// `checkpoint_file` and the key at fault when the checkpoint does not fit the run, or its
// optimizer state belongs to another optimizer or does not fit the model.
ResumedRun resume_run(Checkpoint&& checkpoint, Optimizer& optimizer,
                      const TrainingSettings& settings, std::size_t training_samples,
                      const std::string& checkpoint_file);

}  // namespace glassbox
