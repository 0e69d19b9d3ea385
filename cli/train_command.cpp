// `glassbox train`: build a model from a preset or a layer spec, train it, save it, report.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/data_loading.hpp"
#include "cli/presets.hpp"
#include "framework/errors.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/adam.hpp"
#include "framework/optimizers/sgd.hpp"
#include "framework/serialization/model_file.hpp"
#include "framework/training/metrics.hpp"
#include "framework/training/trainer.hpp"

namespace glassbox::cli {
namespace {

struct TrainOptions {
  std::string preset = "mlp";
  std::string layers;  // overrides the preset's layers when given
  DataRequest data;
  std::size_t validation_size = 5000;
  int epochs = -1;  // −1: the preset's
  std::size_t batch_size = 64;
  std::string optimizer;  // "": the preset's
  float learning_rate = -1.0f;
  float momentum = -1.0f;
  bool nesterov = false;
  float weight_decay = 0.0f;
  std::string schedule;
  std::uint64_t seed = 1;
  std::string output = "model.json";
  bool json = false;
};

std::unique_ptr<Optimizer> make_optimizer(const TrainOptions& options) {
  if (options.optimizer == "sgd") {
    return std::make_unique<Sgd>(SgdSettings{options.learning_rate, options.momentum,
                                             options.nesterov, options.weight_decay});
  }
  if (options.optimizer == "adam") {
    AdamSettings settings;
    settings.learning_rate = options.learning_rate;
    settings.weight_decay = options.weight_decay;
    return std::make_unique<Adam>(settings);
  }
  throw ArgumentError("unknown optimizer \"" + options.optimizer + "\" (sgd, adam)");
}

std::string now_utc() {
  const std::time_t now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

void run_train(TrainOptions options) {
  const Preset& preset = find_preset(options.preset);
  const std::string layers = options.layers.empty() ? preset.layers : options.layers;
  if (options.epochs < 0) options.epochs = preset.epochs;
  if (options.optimizer.empty()) options.optimizer = preset.optimizer;
  if (options.learning_rate < 0) {
    options.learning_rate = options.optimizer == "adam" ? 1e-3f : preset.learning_rate;
  }
  if (options.momentum < 0) options.momentum = preset.momentum;
  if (options.schedule.empty()) options.schedule = preset.schedule;

  Sequential model = build_model(layers, dataset_sample_shape(options.data.dataset), options.seed);
  auto optimizer = make_optimizer(options);
  TrainingSettings settings;
  settings.epochs = options.epochs;
  settings.batch_size = options.batch_size;
  settings.seed = options.seed;
  settings.schedule = parse_schedule(options.schedule, options.epochs);

  options.data.split = "train";
  LabeledData all_train = load_dataset(options.data);
  if (options.validation_size >= all_train.size()) {
    throw ArgumentError("--validation-size " + std::to_string(options.validation_size) +
                        " leaves no training samples out of " + std::to_string(all_train.size()));
  }
  const std::size_t train_count = all_train.size() - options.validation_size;
  LabeledData train = options.validation_size ? slice(all_train, 0, train_count) : all_train;
  std::unique_ptr<LabeledData> validation;
  if (options.validation_size) {
    validation = std::make_unique<LabeledData>(slice(all_train, train_count, all_train.size()));
  }
  all_train = LabeledData();
  DataRequest test_request = options.data;
  test_request.split = "test";
  test_request.limit = 0;
  const LabeledData test = load_dataset(test_request);

  if (!options.json) {
    std::cout << "model (" << layers << "):\n" << model.summary();
    std::cout << "training on " << train.size() << " images, validating on "
              << options.validation_size << "; " << options.optimizer << " lr "
              << options.learning_rate << ", " << options.schedule << " schedule, batch "
              << options.batch_size << ", seed " << options.seed << std::endl;
  }
  const auto history = train_classifier(
      model, *optimizer, train, validation.get(), settings, [&](const EpochRecord& record) {
        if (options.json) return;
        std::printf("epoch %2d/%d  loss %.4f  train %.2f%%", record.epoch, settings.epochs,
                    record.loss, 100 * record.train_accuracy);
        if (record.validation_accuracy >= 0) {
          std::printf("  validation %.2f%%", 100 * record.validation_accuracy);
        }
        std::printf("  lr %.4g  %.2f s (%.0f images/s)\n", record.learning_rate, record.seconds,
                    record.samples_per_second);
        std::fflush(stdout);
      });
  const ClassificationReport report = evaluate(model, test);

  nlohmann::json epochs = nlohmann::json::array();
  double seconds = 0;
  for (const auto& record : history) {
    epochs.push_back(record.to_json());
    seconds += record.seconds;
  }
  nlohmann::json metadata = {
      {"dataset", options.data.dataset},
      {"normalization", {{"scaling", options.data.scaling}}},
      {"train_samples", train.size()},
      {"validation_samples", options.validation_size},
      {"layers", layers},
      {"preset", options.layers.empty() ? options.preset : ""},
      {"optimizer", optimizer->describe()},
      {"initial_learning_rate", options.learning_rate},
      {"schedule", options.schedule},
      {"batch_size", options.batch_size},
      {"seed", options.seed},
      {"epochs", options.epochs},
      {"history", epochs},
      {"training_seconds", seconds},
      {"test_accuracy", report.accuracy},
      {"class_names", test.class_names},
      {"created", now_utc()},
  };
  save_model(options.output, model, metadata);

  if (options.json) {
    std::cout << nlohmann::json{{"model", options.output},
                                {"epochs", epochs},
                                {"training_seconds", seconds},
                                {"test", report.to_json()}}
                     .dump()
              << std::endl;
  } else {
    std::printf("test accuracy %.2f%% on %zu images; %.1f s of training (%.2f s per epoch)\n",
                100 * report.accuracy, report.samples, seconds, seconds / history.size());
    std::printf("model written to %s\n", options.output.c_str());
  }
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto options = std::make_shared<TrainOptions>();
  CLI::App* command = app.add_subcommand("train", "Train a classifier and save it as a model file");
  command->footer("Presets:\n" + describe_presets() +
                  "Example:\n  glassbox train --preset mlp --epochs 10 --out mlp.json");
  command->add_option("--preset", options->preset, "Architecture and its training settings")
      ->capture_default_str();
  command->add_option("--layers", options->layers,
                      "Layer spec instead of the preset's, e.g. flatten,dense:256,relu,dense:10");
  command->add_option("--dataset", options->data.dataset, "Dataset (mnist)")->capture_default_str();
  command->add_option("--scaling", options->data.scaling, "Pixel scaling: unit [0,1], symmetric [-1,1]")
      ->capture_default_str();
  command->add_option("--train-size", options->data.limit,
                      "Use only the first N training images (0: all)");
  command->add_option("--validation-size", options->validation_size,
                      "Hold out the last N training images for per-epoch validation")
      ->capture_default_str();
  command->add_option("--epochs", options->epochs, "Epochs (default: the preset's, 10)");
  command->add_option("--batch", options->batch_size, "Mini-batch size")->capture_default_str();
  command->add_option("--optimizer", options->optimizer, "sgd or adam (default: sgd)");
  command->add_option("--lr", options->learning_rate,
                      "Initial learning rate (default: 0.05 for sgd, 0.001 for adam)");
  command->add_option("--momentum", options->momentum, "SGD momentum (default 0.9)");
  command->add_flag("--nesterov", options->nesterov, "Nesterov momentum for SGD");
  command->add_option("--weight-decay", options->weight_decay, "L2 weight decay")
      ->capture_default_str();
  command->add_option("--schedule", options->schedule,
                      "Learning-rate schedule: constant, cosine (default), step:EPOCHS:FACTOR");
  command->add_option("--seed", options->seed, "Seed for initial weights and shuffling")
      ->capture_default_str();
  command->add_option("--out", options->output, "Model file to write")->capture_default_str();
  command->add_flag("--json", options->json, "Print the results as one JSON object on stdout");
  command->callback([options] { run_train(*options); });
}

}  // namespace glassbox::cli
