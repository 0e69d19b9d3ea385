// `glassbox train`: build a model from a preset or a layer spec, train it, save it, report.
//
// Ctrl-C during training finishes the current batch, writes a checkpoint and exits with status
// 130; `--resume CHECKPOINT` continues the run with identical results to an uninterrupted one.
// `--checkpoint PATH` also writes the checkpoint after every epoch.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/data_loading.hpp"
#include "cli/presets.hpp"
#include "cli/train_options.hpp"
#include "framework/errors.hpp"
#include "framework/losses/classification_loss.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/adam.hpp"
#include "framework/optimizers/sgd.hpp"
#include "framework/serialization/checkpoint.hpp"
#include "framework/serialization/model_file.hpp"
#include "framework/training/dropout_replay.hpp"
#include "framework/training/metrics.hpp"
#include "framework/training/stop_request.hpp"
#include "framework/training/trainer.hpp"

namespace glassbox::cli {
namespace {

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

// The layer spec with every VOCAB replaced by the token id count of the loaded text (V + 2).
std::string substitute_vocabulary(const std::string& layers, const PreparedData& data) {
  const std::string placeholder = "VOCAB";
  std::string result = layers;
  for (std::size_t at = result.find(placeholder); at != std::string::npos;
       at = result.find(placeholder, at)) {
    if (data.token_ids == 0) {
      throw ArgumentError(
          "the layer spec says VOCAB, which only 20news sequence features define "
          "(--dataset 20news --features sequences)");
    }
    const std::string count = std::to_string(data.token_ids);
    result.replace(at, placeholder.size(), count);
    at += count.size();
  }
  return result;
}

// `--resume` continues a run with the options it was started with, so only the options that do not
// change its results may be given again.
void check_resumable_options(const CLI::App& command) {
  for (const CLI::Option* option : command.get_options()) {
    const std::string name = option->get_name();
    if (option->count() == 0 || name == "--resume" || name == "--out" || name == "--checkpoint" ||
        name == "--json") {
      continue;
    }
    throw ArgumentError("--resume continues the run with the options it was started with; " + name +
                        " cannot be changed (only --out, --checkpoint and --json can)");
  }
}

// The options of the run a checkpoint continues, with the output options of this command line.
TrainOptions resumed_options(const TrainOptions& given, const Checkpoint& checkpoint,
                             const CLI::App& command) {
  TrainOptions options = options_from_run(checkpoint.run, given.resume);
  options.resume = given.resume;
  options.json = given.json;
  if (command.get_option("--out")->count() > 0) options.output = given.output;
  if (command.get_option("--checkpoint")->count() > 0) options.checkpoint = given.checkpoint;
  return options;
}

// Puts the checkpoint's optimizer state and Dropout generators back into the resumed run.
void restore_training_state(Checkpoint& checkpoint, Optimizer& optimizer,
                            const std::string& checkpoint_file) {
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
  const std::size_t unreachable =
      replay_dropout_draws(checkpoint.model, checkpoint.progress.samples_trained);
  if (unreachable > 0) {
    std::fprintf(stderr,
                 "glassbox: note: %zu Dropout layer(s) inside Parallel start from fresh masks; "
                 "the resumed run will differ slightly from an uninterrupted one\n",
                 unreachable);
  }
}

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

void run_train(TrainOptions options, const CLI::App& command) {
  std::unique_ptr<Checkpoint> checkpoint;
  if (!options.resume.empty()) {
    check_resumable_options(command);
    checkpoint = std::make_unique<Checkpoint>(load_checkpoint(options.resume));
    options = resumed_options(options, *checkpoint, command);
  } else {
    apply_preset_defaults(options);
  }
  const Preset& preset = find_preset(options.preset);

  auto optimizer = make_optimizer(options);
  TrainingSettings settings;
  settings.epochs = options.epochs;
  settings.batch_size = options.batch_size;
  settings.seed = options.seed;
  settings.schedule = parse_schedule(options.schedule, options.epochs);
  settings.loss = options.loss;
  make_classification_loss(settings.loss);  // an unknown name fails before the data is loaded

  const auto load_start = std::chrono::steady_clock::now();
  const std::unique_ptr<PreparedData> data =
      prepare_training_data(options.data, options.validation_size);
  const double load_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count();
  const std::string layers =
      substitute_vocabulary(options.layers.empty() ? preset.layers : options.layers, *data);
  settings.validation_batch_size = data->evaluation_batch_size;
  const BatchSource& train = *data->train;
  const BatchSource& test = *data->test;
  const std::size_t validation_size = data->validation ? data->validation->size() : 0;

  Sequential model = checkpoint ? std::move(checkpoint->model)
                                : build_model(layers, data->sample_shape, options.seed);
  TrainingProgress progress;
  if (checkpoint) {
    restore_training_state(*checkpoint, *optimizer, options.resume);
    progress = std::move(checkpoint->progress);
  } else {
    progress = start_progress(options.seed, train.size(), options.learning_rate);
  }

  if (!options.json) {
    std::cout << "model (" << layers << "):\n" << model.summary();
    std::printf("data: %s, loaded in %.1f s\n", train.description().c_str(), load_seconds);
    std::cout << "training on " << train.size() << " samples, validating on " << validation_size
              << "; " << options.loss << " loss, " << options.optimizer << " lr "
              << options.learning_rate << ", " << options.schedule << " schedule, batch "
              << options.batch_size << ", weight decay " << options.weight_decay << ", seed "
              << options.seed << std::endl;
    if (checkpoint) {
      std::printf("resuming from %s at epoch %d, batch %zu\n", options.resume.c_str(),
                  progress.epoch + 1, progress.batch + 1);
    }
  }
  for (const auto& record : progress.history) {
    if (!options.json) print_epoch(record, settings.epochs);
  }

  const nlohmann::json run = options_to_run(options);
  const StopOnInterrupt stop_on_interrupt;  // Ctrl-C: finish the batch, save, exit
  const bool finished =
      continue_training(model, *optimizer, train, data->validation.get(), settings, progress,
                        [&](const EpochRecord& record) {
                          if (!options.json) print_epoch(record, settings.epochs);
                          if (!options.checkpoint.empty()) {
                            save_checkpoint(options.checkpoint, model, *optimizer, progress, run);
                          }
                        });
  if (!finished) {
    const std::string path = checkpoint_path(options);
    save_checkpoint(path, model, *optimizer, progress, run);
    const std::size_t batches = (train.size() + settings.batch_size - 1) / settings.batch_size;
    const std::string where =
        progress.batch == 0 ? "before epoch " + std::to_string(progress.epoch + 1)
                            : "in epoch " + std::to_string(progress.epoch + 1) + " after batch " +
                                  std::to_string(progress.batch) + " of " + std::to_string(batches);
    throw Interrupted("interrupted " + where + "; checkpoint written to " + path +
                      "\nresume with: glassbox train --resume " + path);
  }
  const ClassificationReport report = evaluate(model, test, data->evaluation_batch_size);

  nlohmann::json epochs = nlohmann::json::array();
  double seconds = 0;
  for (const auto& record : progress.history) {
    epochs.push_back(record.to_json());
    seconds += record.seconds;
  }
  nlohmann::json metadata = {
      {"dataset", options.data.dataset},
      {"train_data", train.description()},
      {"train_samples", train.size()},
      {"validation_samples", validation_size},
      {"layers", layers},
      {"preset", options.layers.empty() ? options.preset : ""},
      {"loss", options.loss},
      {"optimizer", optimizer->describe()},
      {"initial_learning_rate", options.learning_rate},
      {"schedule", options.schedule},
      {"batch_size", options.batch_size},
      {"seed", options.seed},
      {"epochs", options.epochs},
      {"history", epochs},
      {"training_seconds", seconds},
      {"test_accuracy", report.accuracy},
      {"class_names", data->class_names},
      {"created", now_utc()},
  };
  // How the inputs were prepared: "normalization" (mnist) or "text_features" (20news).
  metadata.update(data->metadata);
  save_model(options.output, model, metadata);

  if (options.json) {
    std::cout << nlohmann::json{{"model", options.output},
                                {"epochs", epochs},
                                {"training_seconds", seconds},
                                {"test", report.to_json()}}
                     .dump()
              << std::endl;
  } else {
    std::printf("test accuracy %.2f%% on %zu samples; %.1f s of training (%.2f s per epoch)\n",
                100 * report.accuracy, report.samples, seconds,
                seconds / std::max<std::size_t>(progress.history.size(), 1));
    std::printf("model written to %s\n", options.output.c_str());
  }
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto options = std::make_shared<TrainOptions>();
  options->data.dataset.clear();        // "": the preset's
  options->data.text.features.clear();  // "": the preset's
  CLI::App* command = app.add_subcommand("train", "Train a classifier and save it as a model file");
  command->footer("Presets:\n" + describe_presets() +
                  "Examples:\n  glassbox train --preset mlp --epochs 10 --out mlp.json\n"
                  "  glassbox train --preset text-mlp --remove headers,footers,quotes "
                  "--out text-mlp.json");
  command->add_option("--preset", options->preset, "Architecture and its training settings")
      ->capture_default_str();
  command->add_option("--layers", options->layers,
                      "Layer spec instead of the preset's, e.g. flatten,dense:256,relu,dense:10 "
                      "(VOCAB stands for the 20news token id count)");
  command->add_option("--dataset", options->data.dataset,
                      "mnist or 20news (default: the preset's)");
  command
      ->add_option("--scaling", options->data.scaling,
                   "mnist pixel scaling: unit [0,1], symmetric [-1,1]")
      ->capture_default_str();
  command->add_option("--train-size", options->data.limit,
                      "Use only N training samples (0: all; mnist the first N, 20news a random N)");
  command->add_option("--validation-size", options->validation_size,
                      "Hold out N training samples for per-epoch validation (mnist the last N, "
                      "20news a random N; default 5000 for mnist, 0 for 20news)");
  command->add_option("--epochs", options->epochs, "Epochs (default: the preset's)");
  command->add_option("--batch", options->batch_size, "Mini-batch size (default: the preset's)");
  command->add_option("--optimizer", options->optimizer, "sgd or adam (default: the preset's)");
  command->add_option("--lr", options->learning_rate,
                      "Initial learning rate (default: the preset's; else 0.05 for sgd, 0.001 "
                      "for adam)");
  command->add_option("--momentum", options->momentum, "SGD momentum (default 0.9)");
  command->add_flag("--nesterov", options->nesterov, "Nesterov momentum for SGD");
  command->add_option("--weight-decay", options->weight_decay,
                      "L2 weight decay (default: the preset's)");
  command->add_option("--schedule", options->schedule,
                      "Learning-rate schedule: constant, cosine, step:EPOCHS:FACTOR (default: the "
                      "preset's)");
  command->add_option("--loss", options->loss,
                      "cross-entropy (softmax) or hinge (multi-class SVM, Weston-Watkins) "
                      "(default: the preset's)");
  command
      ->add_option("--seed", options->seed,
                   "Seed for initial weights, shuffling and random subsets")
      ->capture_default_str();
  command->add_option("--out", options->output, "Model file to write")->capture_default_str();
  command->add_flag("--json", options->json, "Print the results as one JSON object on stdout");
  command->add_option("--checkpoint", options->checkpoint,
                      "Checkpoint file to write after every epoch and on Ctrl-C (default: only "
                      "on Ctrl-C, to the --out file + .checkpoint)");
  command->add_option("--resume", options->resume,
                      "Continue the run saved in this checkpoint, with the options it was "
                      "started with (only --out, --checkpoint and --json may be given)");

  TextOptions& text = options->data.text;
  const std::string group = "20news text";
  command
      ->add_option("--remove", text.remove,
                   "Parts of each article to remove: a comma-separated list of headers, "
                   "footers, quotes (default: keep everything)")
      ->group(group);
  command
      ->add_option("--features", text.features,
                   "tfidf, counts or sequences (token ids, for text-cnn) (default: the "
                   "preset's)")
      ->group(group);
  command
      ->add_option("--vocabulary-size", text.vocabulary_size,
                   "Keep the N words found in most training documents")
      ->capture_default_str()
      ->group(group);
  command
      ->add_option("--min-df", text.min_document_frequency,
                   "Drop words found in fewer training documents")
      ->capture_default_str()
      ->group(group);
  command
      ->add_flag("--stop-words", text.remove_stop_words,
                 "Leave common English function words out of the vocabulary")
      ->group(group);
  command
      ->add_flag("--raw-tf", text.raw_tf,
                 "tf-idf with raw counts as term frequency (default: 1 + ln count)")
      ->group(group);
  command
      ->add_option("--sequence-length", text.sequence_length,
                   "Tokens kept per document for sequences (longer ones are cut, shorter "
                   "ones padded)")
      ->capture_default_str()
      ->group(group);
  command->callback([options, command] { run_train(*options, *command); });
}

}  // namespace glassbox::cli
