#include "framework/training/progress_check.hpp"

namespace glassbox {

std::optional<ProgressMismatch> progress_mismatch(const TrainingProgress& progress,
                                                  const TrainingSettings& settings,
                                                  std::size_t training_samples) {
  if (settings.epochs < 1) {
    return ProgressMismatch{
        "", "the run has " + std::to_string(settings.epochs) + " epochs; a run has at least 1"};
  }
  if (settings.batch_size == 0) return ProgressMismatch{"", "batch size must be positive"};
  if (progress.order.size() != training_samples) {
    return ProgressMismatch{
        "order", "the training progress is for " + std::to_string(progress.order.size()) +
                     " samples, but the training set has " + std::to_string(training_samples)};
  }
  const auto epoch = static_cast<std::size_t>(progress.epoch);
  const auto epochs = static_cast<std::size_t>(settings.epochs);
  if (progress.epoch < 0 || epoch > epochs || (epoch == epochs && progress.batch > 0)) {
    return ProgressMismatch{
        "epoch", "the training progress is in epoch " + std::to_string(progress.epoch + 1) +
                     ", past the end of the run's " + std::to_string(settings.epochs) + " epochs"};
  }
  const std::size_t batches = (training_samples + settings.batch_size - 1) / settings.batch_size;
  if (progress.batch >= batches && progress.batch > 0) {
    return ProgressMismatch{"batch", "the training progress is at batch " +
                                         std::to_string(progress.batch + 1) +
                                         " of an epoch that has " + std::to_string(batches)};
  }
  if (progress.batch > 0 && progress.seen != progress.batch * settings.batch_size) {
    return ProgressMismatch{"seen", std::to_string(progress.batch) + " batches of " +
                                        std::to_string(settings.batch_size) +
                                        " samples are done in this epoch, but the progress " +
                                        "counts " + std::to_string(progress.seen) + " samples"};
  }
  return std::nullopt;
}

}  // namespace glassbox
