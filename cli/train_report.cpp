#include "cli/train_report.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <iostream>

namespace glassbox::cli {
namespace {

std::string now_utc() {
  const std::time_t now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

}  // namespace

void print_epoch(const EpochRecord& record, int epochs) {
  std::printf("epoch %2d/%d  loss %.4f  train %.2f%%", record.epoch, epochs, record.loss,
              100 * record.train_accuracy);
  if (record.validation_accuracy >= 0) {
    std::printf("  validation %.2f%%", 100 * record.validation_accuracy);
  }
  std::printf("  lr %.4g  %.2f s (%.0f samples/s)\n", record.learning_rate, record.seconds,
              record.samples_per_second);
  std::fflush(stdout);
}

void print_start(const TrainOptions& options, Sequential& model, const std::string& layers,
                 const PreparedData& data, double load_seconds, const TrainingProgress& progress) {
  std::cout << "model (" << layers << "):\n" << model.summary();
  std::printf("data: %s, loaded in %.1f s\n", data.train->description().c_str(), load_seconds);
  std::cout << "training on " << data.train->size() << " samples, validating on "
            << (data.validation ? data.validation->size() : 0) << "; " << options.loss << " loss, "
            << options.optimizer << " lr " << options.learning_rate << ", " << options.schedule
            << " schedule, batch " << options.batch_size << ", weight decay "
            << options.weight_decay << ", seed " << options.seed << std::endl;
  if (!options.resume.empty()) {
    std::printf("resuming from %s at epoch %d, batch %zu\n", options.resume.c_str(),
                progress.epoch + 1, progress.batch + 1);
  }
  for (const auto& record : progress.history) print_epoch(record, options.epochs);
}

// What the model file records about the run, and how its inputs were prepared.
nlohmann::json model_metadata(const TrainOptions& options, const std::string& layers,
                              const PreparedData& data, const Optimizer& optimizer,
                              const TrainingProgress& progress,
                              const ClassificationReport& report) {
  nlohmann::json epochs = nlohmann::json::array();
  double seconds = 0;
  for (const auto& record : progress.history) {
    epochs.push_back(record.to_json());
    seconds += record.seconds;
  }
  nlohmann::json metadata = {
      {"dataset", options.data.dataset},
      {"train_data", data.train->description()},
      {"train_samples", data.train->size()},
      {"validation_samples", data.validation ? data.validation->size() : 0},
      {"layers", layers},
      {"preset", options.layers.empty() ? options.preset : ""},
      {"loss", options.loss},
      {"optimizer", optimizer.describe()},
      {"initial_learning_rate", options.learning_rate},
      {"schedule", options.schedule},
      {"batch_size", options.batch_size},
      {"seed", options.seed},
      {"epochs", options.epochs},
      {"history", epochs},
      {"training_seconds", seconds},
      {"test_accuracy", report.accuracy},
      {"class_names", data.class_names},
      {"created", now_utc()},
  };
  metadata.update(data.metadata);  // "normalization" (mnist) or "text_features" (20news)
  return metadata;
}

void print_result(const TrainOptions& options, const nlohmann::json& metadata,
                  const ClassificationReport& report) {
  const double seconds = metadata["training_seconds"];
  if (options.json) {
    std::cout << nlohmann::json{{"model", options.output},
                                {"epochs", metadata["history"]},
                                {"training_seconds", seconds},
                                {"test", report.to_json()}}
                     .dump()
              << std::endl;
    return;
  }
  std::printf("test accuracy %.2f%% on %zu samples; %.1f s of training (%.2f s per epoch)\n",
              100 * report.accuracy, report.samples, seconds,
              seconds / std::max<std::size_t>(metadata["history"].size(), 1));
  std::printf("model written to %s\n", options.output.c_str());
}

}  // namespace glassbox::cli
