// What `glassbox train` reports: the run's start and every epoch on stdout, the model file's
// metadata, and the result (as text, or as one JSON object with --json).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "cli/train_options.hpp"
#include "datasets/prepared_data.hpp"
#include "framework/optimizers/optimizer.hpp"
#include "framework/sequential.hpp"
#include "framework/training/metrics.hpp"
#include "framework/training/training_progress.hpp"

namespace glassbox::cli {

// "epoch  3/10  loss 0.1234  train 96.10%  validation 96.50%  lr 0.05  1.23 s (45678 samples/s)"
void print_epoch(const EpochRecord& record, int epochs);

// The model, the data, the settings, where a resumed run goes on, and the epochs it already has.
void print_start(const TrainOptions& options, Sequential& model, const std::string& layers,
                 const PreparedData& data, double load_seconds, const TrainingProgress& progress);

// What the model file records about the run (options, data, history, test accuracy, class names,
// creation time) and how its inputs were prepared (data.metadata).
nlohmann::json model_metadata(const TrainOptions& options, const std::string& layers,
                              const PreparedData& data, const Optimizer& optimizer,
                              const TrainingProgress& progress, const ClassificationReport& report);

// The test accuracy and training time, and where the model was written.
void print_result(const TrainOptions& options, const nlohmann::json& metadata,
                  const ClassificationReport& report);

}  // namespace glassbox::cli
