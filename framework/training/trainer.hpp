// The training loop for classifiers: shuffled mini-batches, a classification loss (softmax
// cross-entropy unless the settings name another), one training_step per batch (forward, loss,
// backward, optimizer step: training_step.hpp), a learning-rate schedule per epoch, and validation
// after every epoch.
//
// Samples come from a BatchSource (batch_source.hpp): dense LabeledData, or sparse text features
// made dense one batch at a time. While training, the model's input gradient is switched off
// (Sequential::set_training), since nothing reads it, and on x86 the calling thread flushes
// subnormal floats to zero (trainer.cpp says why).
//
// A non-finite loss stops training at once: the weights of the last step whose loss was finite are
// put back and a DivergenceError says where it happened (divergence_guard.hpp).
//
// Interrupting and resuming: continue_training runs from a TrainingProgress and, between batches,
// stops when stop_requested() (stop_request.hpp). The progress, the model and the optimizer's
// state then make a checkpoint; continuing from them gives the same weights, bit for bit, as a run
// that was never interrupted.
#pragma once

#include <functional>
#include <vector>

#include <nlohmann/json.hpp>

#include "framework/dataset.hpp"
#include "framework/optimizers/optimizer.hpp"
#include "framework/optimizers/schedule.hpp"
#include "framework/sequential.hpp"
#include "framework/training/batch_source.hpp"
#include "framework/training/training_progress.hpp"

namespace glassbox {

struct TrainingSettings {
  int epochs = 10;
  std::size_t batch_size = 64;
  std::uint64_t seed = 1;  // shuffling order; the same seed gives the same run
  LearningRateSchedule schedule;
  bool progress = true;  // draw a progress bar (only when stderr is a terminal)
  // The loss, by its make_classification_loss name: cross-entropy (default) or hinge.
  std::string loss = "cross-entropy";
  // Samples per forward pass when validating; large models with long inputs want fewer.
  std::size_t validation_batch_size = 500;
};

using EpochCallback = std::function<void(const EpochRecord&)>;

// Trains from `progress` until every epoch is done (returns true) or a stop is requested (returns
// false at a batch boundary, with `progress` saying where to go on). `on_epoch` is called after
// each epoch, when `progress` already counts it: a checkpoint written there resumes at the next
// epoch. Throws ArgumentError when `progress` cannot go on with these settings on this training set
// (progress_check.hpp): made for a different number of samples, past the run's epochs, ...
bool continue_training(Sequential& model, Optimizer& optimizer, const BatchSource& train,
                       const BatchSource* validation, const TrainingSettings& settings,
                       TrainingProgress& progress, const EpochCallback& on_epoch = {});

// A whole run from the start (continue_training from start_progress); returns every epoch's
// record.
std::vector<EpochRecord> train_classifier(Sequential& model, Optimizer& optimizer,
                                          const BatchSource& train, const BatchSource* validation,
                                          const TrainingSettings& settings,
                                          const EpochCallback& on_epoch = {});

// The same on dense data.
std::vector<EpochRecord> train_classifier(Sequential& model, Optimizer& optimizer,
                                          const LabeledData& train, const LabeledData* validation,
                                          const TrainingSettings& settings,
                                          const EpochCallback& on_epoch = {});

// Copies the samples at `indices` (positions in `data`) into `batch_inputs`/`batch_labels`.
void gather_batch(const LabeledData& data, const std::vector<std::size_t>& indices,
                  std::size_t begin, std::size_t end, Tensor& batch_inputs, Labels& batch_labels);

}  // namespace glassbox
