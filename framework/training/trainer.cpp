#include "framework/training/trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>

#if defined(__x86_64__) || defined(__SSE__)
#include <xmmintrin.h>
#define GLASSBOX_HAS_MXCSR 1
#endif

#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"
#include "framework/losses/classification_loss.hpp"
#include "framework/training/metrics.hpp"
#include "framework/training/progress_bar.hpp"
#include "framework/training/progress_check.hpp"
#include "framework/training/stop_request.hpp"
#include "framework/training/training_step.hpp"

namespace glassbox {
namespace {

// Flushes subnormal floats (below 1.2e-38) to zero on the calling thread while it exists, then
// puts the previous mode back. Why: with sparse inputs most rows of the first layer's weights get
// a zero gradient in most steps, so Adam's first moment m ← β₁·m of those rows decays into the
// subnormal range after about 800 such steps, and x86 computes on subnormal floats some 20 times
// slower: Adam on 30,000×128 weights went from 19 to 330 ms per step. Flushed, such an m is 0
// instead of ~1e-39, which changes no weight. The optimizer steps run on this thread.
class FlushSubnormals {
 public:
#ifdef GLASSBOX_HAS_MXCSR
  FlushSubnormals() : saved_(_mm_getcsr()) {
    _mm_setcsr(saved_ | flush_to_zero | subnormals_are_zero);
  }
  ~FlushSubnormals() {
    _mm_setcsr(saved_);
  }

 private:
  static constexpr unsigned int flush_to_zero = 0x8000;        // results that would be subnormal
  static constexpr unsigned int subnormals_are_zero = 0x0040;  // subnormal inputs
  unsigned int saved_;
#endif
};

void check_compatible(const Sequential& model, const BatchSource& data, const char* role) {
  if (data.size() == 0) throw ArgumentError(std::string("the ") + role + " set is empty");
  if (data.sample_shape() != model.input_shape()) {
    throw ArgumentError(std::string("the ") + role + " samples have shape " +
                        shape_to_string(data.sample_shape()) + " but the model takes " +
                        shape_to_string(model.input_shape()));
  }
  if (model.output_shape() != Shape{data.class_count()}) {
    throw ArgumentError(std::string("the model has outputs ") +
                        shape_to_string(model.output_shape()) + " but the " + role + " set has " +
                        std::to_string(data.class_count()) + " classes");
  }
}

// Opens the epoch `progress` is at: its learning rate, its order (a shuffle of the previous one),
// zero running sums.
void start_epoch(Optimizer& optimizer, const TrainingSettings& settings,
                 TrainingProgress& progress) {
  optimizer.set_learning_rate(
      settings.schedule.rate_at(progress.epoch, progress.initial_learning_rate));
  std::shuffle(progress.order.begin(), progress.order.end(), progress.shuffle_rng);
  progress.loss_sum = 0.0;
  progress.correct = progress.seen = 0;
  progress.seconds = 0.0;
}

// Adds a trained batch to the progress: its loss and correct predictions to the epoch's sums, its
// samples to the run's count, its time (from `start`) to the epoch's.
void count_batch(const StepResult& step, const Labels& labels,
                 std::chrono::steady_clock::time_point start, TrainingProgress& progress) {
  const Labels predicted = predicted_classes(step.outputs);
  for (std::size_t i = 0; i < predicted.size(); ++i) progress.correct += predicted[i] == labels[i];
  progress.seen += labels.size();
  progress.loss_sum += static_cast<double>(step.loss) * labels.size();
  progress.samples_trained += labels.size();
  ++progress.batch;
  progress.seconds +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Closes the epoch in progress: validates, records it in the history and moves the progress to the
// start of the next epoch.
EpochRecord finish_epoch(Sequential& model, const BatchSource* validation,
                         const TrainingSettings& settings, TrainingProgress& progress,
                         ProgressBar& bar) {
  EpochRecord record;
  record.epoch = progress.epoch + 1;
  record.learning_rate = settings.schedule.rate_at(progress.epoch, progress.initial_learning_rate);
  record.seconds = progress.seconds;
  record.loss = progress.loss_sum / progress.seen;
  record.train_accuracy = static_cast<double>(progress.correct) / progress.seen;
  record.samples_per_second = progress.seen / record.seconds;
  model.set_training(false);
  if (validation) {
    record.validation_accuracy =
        evaluate(model, *validation, settings.validation_batch_size).accuracy;
  }
  char details[128];
  std::snprintf(details, sizeof details, "loss %.4f  acc %.2f%%  %.1fs", record.loss,
                100.0 * record.train_accuracy, record.seconds);
  bar.finish(details);
  progress.history.push_back(record);
  ++progress.epoch;
  progress.batch = 0;
  return record;
}

}  // namespace

void gather_batch(const LabeledData& data, const std::vector<std::size_t>& indices,
                  std::size_t begin, std::size_t end, Tensor& batch_inputs, Labels& batch_labels) {
  DenseBatches(data).gather(indices.data() + begin, end - begin, batch_inputs, batch_labels);
}

std::vector<EpochRecord> train_classifier(Sequential& model, Optimizer& optimizer,
                                          const LabeledData& train, const LabeledData* validation,
                                          const TrainingSettings& settings,
                                          const EpochCallback& on_epoch) {
  const DenseBatches train_batches(train);
  if (!validation) {
    return train_classifier(model, optimizer, train_batches, nullptr, settings, on_epoch);
  }
  const DenseBatches validation_batches(*validation);
  return train_classifier(model, optimizer, train_batches, &validation_batches, settings, on_epoch);
}

bool continue_training(Sequential& model, Optimizer& optimizer, const BatchSource& train,
                       const BatchSource* validation, const TrainingSettings& settings,
                       TrainingProgress& progress, const EpochCallback& on_epoch) {
  const FlushSubnormals flush_subnormals;
  check_compatible(model, train, "training");
  if (validation) check_compatible(model, *validation, "validation");
  if (const auto mismatch = progress_mismatch(progress, settings, train.size())) {
    throw ArgumentError(mismatch->problem);
  }
  const std::size_t batches = (train.size() + settings.batch_size - 1) / settings.batch_size;

  DivergenceGuard guard(model.parameters());
  const std::unique_ptr<ClassificationLoss> loss = make_classification_loss(settings.loss);
  Tensor batch_inputs;
  Labels batch_labels;
  std::unique_ptr<ProgressBar> bar;  // the epoch's, made when its first batch here starts
  // Set here, not only when an epoch starts, since a resumed run may start mid-epoch.
  model.set_training(true);
  optimizer.set_learning_rate(
      settings.schedule.rate_at(progress.epoch, progress.initial_learning_rate));

  // Every pass of this loop is one batch, and its top is a batch boundary: the only place where the
  // progress, the weights and the optimizer agree, hence the only place to stop.
  while (progress.epoch < settings.epochs) {
    if (stop_requested()) return false;
    if (progress.batch == 0) start_epoch(optimizer, settings, progress);
    if (!bar) {
      bar = std::make_unique<ProgressBar>(
          "epoch " + std::to_string(progress.epoch + 1) + "/" + std::to_string(settings.epochs),
          batches, "batch", settings.progress && ProgressBar::stderr_is_terminal());
    }

    const auto start = std::chrono::steady_clock::now();
    const std::size_t begin = progress.batch * settings.batch_size;
    const std::size_t end = std::min(begin + settings.batch_size, train.size());
    train.gather(progress.order.data() + begin, end - begin, batch_inputs, batch_labels);
    const StepResult step =
        training_step(model, *loss, optimizer, guard, batch_inputs, batch_labels);
    if (!std::isfinite(step.loss)) {
      model.set_training(false);
      guard.restore_and_throw("training diverged: the loss became " + std::to_string(step.loss) +
                              " at epoch " + std::to_string(progress.epoch + 1) + ", batch " +
                              std::to_string(progress.batch + 1) + " (learning rate " +
                              std::to_string(optimizer.learning_rate()) + ")");
    }
    count_batch(step, batch_labels, start, progress);

    char details[96];
    std::snprintf(details, sizeof details, "loss %.4f  acc %.2f%%",
                  progress.loss_sum / progress.seen, 100.0 * progress.correct / progress.seen);
    bar->update(progress.batch, details);

    if (progress.batch == batches) {
      const EpochRecord record = finish_epoch(model, validation, settings, progress, *bar);
      bar.reset();
      if (on_epoch) on_epoch(record);
      model.set_training(true);  // after the callback, which may have evaluated the model
    }
  }
  model.set_training(false);
  return true;
}

std::vector<EpochRecord> train_classifier(Sequential& model, Optimizer& optimizer,
                                          const BatchSource& train, const BatchSource* validation,
                                          const TrainingSettings& settings,
                                          const EpochCallback& on_epoch) {
  TrainingProgress progress =
      start_progress(settings.seed, train.size(), optimizer.learning_rate());
  continue_training(model, optimizer, train, validation, settings, progress, on_epoch);
  return progress.history;
}

}  // namespace glassbox
