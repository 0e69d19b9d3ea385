// `glassbox train`: build a model from a preset or a layer spec, train it, save it, report.
//
// Ctrl-C during training finishes the current batch, writes a checkpoint and exits with status
// 130; `--resume CHECKPOINT` continues the run with identical results to an uninterrupted one.
// `--checkpoint PATH` also writes the checkpoint after every epoch.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>

#include "cli/commands.hpp"
#include "cli/train_options.hpp"
#include "cli/train_report.hpp"
#include "datasets/prepared_data.hpp"
#include "framework/losses/classification_loss.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/make_optimizer.hpp"
#include "framework/presets.hpp"
#include "framework/serialization/model_file.hpp"
#include "framework/serialization/output_path.hpp"
#include "framework/training/metrics.hpp"
#include "framework/training/resume.hpp"
#include "framework/training/stop_request.hpp"
#include "framework/training/trainer.hpp"

namespace glassbox::cli {
namespace {

// What a run starts from: nothing but its options, or the checkpoint it resumes.
struct Start {
  TrainOptions options;
  std::unique_ptr<Checkpoint> checkpoint;  // null for a fresh run
};

Start start_of(const TrainOptions& given, const CLI::App& command) {
  Start start{given, nullptr};
  if (given.resume.empty()) {
    apply_preset_defaults(start.options);
    return start;
  }
  check_resume_options(command);
  start.checkpoint = std::make_unique<Checkpoint>(load_checkpoint(given.resume));
  start.options = resumed_options(given, *start.checkpoint, command);
  return start;
}

TrainingSettings training_settings(const TrainOptions& options) {
  TrainingSettings settings;
  settings.epochs = options.epochs;
  settings.batch_size = options.batch_size;
  settings.seed = options.seed;
  settings.schedule = parse_schedule(options.schedule, options.epochs);
  settings.loss = options.loss;
  make_classification_loss(settings.loss);  // an unknown name fails before the data is loaded
  return settings;
}

// Saves the run where Ctrl-C stopped it and says how to go on.
[[noreturn]] void stop_interrupted(const TrainOptions& options, Sequential& model,
                                   const Optimizer& optimizer, const TrainingProgress& progress,
                                   std::size_t train_size) {
  const std::string path = checkpoint_path(options);
  save_checkpoint(path, model, optimizer, progress, options_to_run(options));
  const std::size_t batches = (train_size + options.batch_size - 1) / options.batch_size;
  const std::string where =
      progress.batch == 0 ? "before epoch " + std::to_string(progress.epoch + 1)
                          : "in epoch " + std::to_string(progress.epoch + 1) + " after batch " +
                                std::to_string(progress.batch) + " of " + std::to_string(batches);
  throw Interrupted("interrupted " + where + "; checkpoint written to " + path +
                    "\nresume with: glassbox train --resume " + path);
}

// The model and where its training stands: fresh from the layer spec, or as the checkpoint left
// them (checked against the run, its optimizer state restored into `optimizer`: resume_run).
Sequential model_and_progress(Start& start, const std::string& layers, const PreparedData& data,
                              const TrainingSettings& settings, Optimizer& optimizer,
                              TrainingProgress& progress) {
  const TrainOptions& options = start.options;
  if (!start.checkpoint) {
    progress = start_progress(options.seed, data.train->size(), options.learning_rate);
    return build_model(layers, data.sample_shape, options.seed);
  }
  ResumedRun run = resume_run(std::move(*start.checkpoint), optimizer, settings, data.train->size(),
                              options.resume);
  progress = std::move(run.progress);
  return std::move(run.model);
}

void run_train(const TrainOptions& given, const CLI::App& command) {
  Start start = start_of(given, command);
  const TrainOptions& options = start.options;
  // Before the data and the training: the model and its checkpoint can be written, and the model
  // does not overwrite the checkpoint it resumes (the checkpoint itself may: it moves on).
  check_output_paths({options.output, checkpoint_path(options)});
  check_output_path(options.output, {options.resume});
  const std::string spec =
      options.layers.empty() ? find_preset(options.preset).layers : options.layers;
  const auto optimizer = make_optimizer({options.optimizer, options.learning_rate, options.momentum,
                                         options.nesterov, options.weight_decay});
  TrainingSettings settings = training_settings(options);

  const auto load_start = std::chrono::steady_clock::now();
  const auto data = prepare_training_data(options.data, options.validation_size);
  const double load_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count();
  // Scoring in batches no larger than the training batch keeps every layer's buffers at the size
  // training gave them: at 100 images instead of 64 the reference CNN's would grow by 7 MB.
  const std::size_t scoring_batch_size = std::min(data->evaluation_batch_size, settings.batch_size);
  settings.validation_batch_size = scoring_batch_size;
  const std::string layers = with_token_count(spec, data->token_ids);
  TrainingProgress progress;
  Sequential model = model_and_progress(start, layers, *data, settings, *optimizer, progress);
  if (!options.json) print_start(options, model, layers, *data, load_seconds, progress);

  const StopOnInterrupt stop_on_interrupt;  // Ctrl-C: finish the batch, save, exit
  const bool finished = continue_training(model, *optimizer, *data->train, data->validation.get(),
                                          settings, progress, [&](const EpochRecord& record) {
                                            if (!options.json) print_epoch(record, settings.epochs);
                                            if (!options.checkpoint.empty()) {
                                              save_checkpoint(options.checkpoint, model, *optimizer,
                                                              progress, options_to_run(options));
                                            }
                                          });
  if (!finished) stop_interrupted(options, model, *optimizer, progress, data->train->size());

  const ClassificationReport report = evaluate(model, *data->test, scoring_batch_size);
  const nlohmann::json metadata =
      model_metadata(options, layers, *data, *optimizer, progress, report);
  save_model(options.output, model, metadata);
  print_result(options, metadata, report);
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto options = std::make_shared<TrainOptions>();
  CLI::App* command = app.add_subcommand("train", "Train a classifier and save it as a model file");
  command->footer("Presets:\n" + describe_presets() +
                  "Examples:\n  glassbox train --preset mlp --epochs 10 --out mlp.json\n"
                  "  glassbox train --preset text-mlp --remove headers,footers,quotes "
                  "--out text-mlp.json");
  add_train_options(*command, *options);
  command->callback([options, command] { run_train(*options, *command); });
}

}  // namespace glassbox::cli
