#include "framework/training/resume.hpp"

#include <utility>

#include "framework/errors.hpp"

namespace glassbox {

ResumedRun resume_run(Checkpoint&& checkpoint, Optimizer& optimizer,
                      const TrainingSettings& settings, std::size_t training_samples,
                      const std::string& checkpoint_file) {
  check_checkpoint_fits(checkpoint, settings, checkpoint_file);
  if (checkpoint.progress.order.size() != training_samples) {
    throw FileError(checkpoint_file,
                    "the checkpoint is for a training set of " +
                        std::to_string(checkpoint.progress.order.size()) +
                        " samples, but the run's data have " + std::to_string(training_samples),
                    "progress.order");
  }
  const std::string name = optimizer.describe().at("name");
  if (checkpoint.optimizer_name != name) {
    throw FileError(
        checkpoint_file,
        "the optimizer state is " + checkpoint.optimizer_name + "'s, not " + name + "'s",
        "optimizer.name");
  }
  try {
    optimizer.load_state(checkpoint.optimizer);
  } catch (const ArgumentError& error) {
    throw FileError(checkpoint_file, error.what(), "optimizer.slots");
  }
  return ResumedRun{std::move(checkpoint.model), std::move(checkpoint.progress)};
}

}  // namespace glassbox
