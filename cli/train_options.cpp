#include "cli/train_options.hpp"

#include "cli/common_options.hpp"
#include "framework/errors.hpp"
#include "framework/presets.hpp"

namespace glassbox {

// Key by key, in the member names; a missing key or a wrong type throws nlohmann's exceptions.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TextOptions, remove, features, vocabulary_size,
                                   min_document_frequency, remove_stop_words, raw_tf,
                                   sequence_length)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DataRequest, dataset, split, scaling, limit, text, seed)

namespace cli {

// Every option but resume and json, which belong to one command line and not to the run.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TrainOptions, preset, layers, data, validation_size, epochs,
                                   batch_size, optimizer, learning_rate, momentum, nesterov,
                                   weight_decay, schedule, loss, seed, output, checkpoint)

namespace {

// An option left at its "the preset's" value unless given (apply_preset_defaults fills it).
template <typename T>
CLI::Option* add_preset_option(CLI::App& command, const std::string& name, T& variable,
                               const std::string& description) {
  return command.add_option(name, variable, description + " (default: the preset's)");
}

}  // namespace

void add_train_options(CLI::App& command, TrainOptions& options) {
  options.data.dataset.clear();        // "": the preset's
  options.data.text.features.clear();  // "": the preset's
  add_option_with_default(command, "--preset", options.preset,
                          "Architecture and its training settings");
  command
      .add_option("--layers", options.layers,
                  "Layer spec instead of the preset's, e.g. flatten,dense:256,relu,dense:10 "
                  "(VOCAB stands for the 20news token id count)")
      ->check(non_empty);
  add_preset_option(command, "--dataset", options.data.dataset, "mnist or 20news");
  add_option_with_default(command, "--scaling", options.data.scaling,
                          "mnist pixel scaling: unit [0,1], symmetric [-1,1]");
  command
      .add_option("--train-size", options.data.limit,
                  "Use only N training samples (0: all; mnist the first N, 20news a random N)")
      ->check(whole_number(0));
  command
      .add_option("--validation-size", options.validation_size,
                  "Hold out N training samples for per-epoch validation (mnist the last N, "
                  "20news a random N; default 5000 for mnist, 0 for 20news)")
      ->check(whole_number(0));
  add_preset_option(command, "--epochs", options.epochs, "Epochs")->check(whole_number(1, 100000));
  add_preset_option(command, "--batch", options.batch_size, "Mini-batch size")
      ->check(whole_number(1, 1 << 20));
  add_preset_option(command, "--optimizer", options.optimizer, "sgd or adam");
  command
      .add_option("--lr", options.learning_rate,
                  "Initial learning rate (default: the preset's; else 0.05 for sgd, 0.001 "
                  "for adam)")
      ->check(positive_number());
  command.add_option("--momentum", options.momentum, "SGD momentum (default 0.9)")
      ->check(real_number(0.0, 1.0));
  command.add_flag("--nesterov", options.nesterov, "Nesterov momentum for SGD");
  add_preset_option(command, "--weight-decay", options.weight_decay, "L2 weight decay")
      ->check(real_number(0.0));
  add_preset_option(command, "--schedule", options.schedule,
                    "Learning-rate schedule: constant, cosine, step:EPOCHS:FACTOR");
  add_preset_option(command, "--loss", options.loss,
                    "cross-entropy (softmax) or hinge (multi-class SVM, Weston-Watkins)");
  add_option_with_default(command, "--seed", options.seed,
                          "Seed for initial weights, shuffling and random subsets")
      ->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()));
  add_output_option(command, options.output, "Model file to write");
  add_json_flag(command, options.json);
  command
      .add_option("--checkpoint", options.checkpoint,
                  "Checkpoint file to write after every epoch and on Ctrl-C (default: only "
                  "on Ctrl-C, to the --out file + .checkpoint)")
      ->check(non_empty);
  command
      .add_option("--resume", options.resume,
                  "Continue the run saved in this checkpoint, with the options it was "
                  "started with (only --out, --checkpoint and --json may be given)")
      ->check(non_empty);

  TextOptions& text = options.data.text;
  const std::string group = "20news text";
  command
      .add_option("--remove", text.remove,
                  "Parts of each article to remove: a comma-separated list of headers, "
                  "footers, quotes (default: keep everything)")
      ->group(group);
  add_preset_option(command, "--features", text.features,
                    "tfidf, counts or sequences (token ids, for text-cnn)")
      ->group(group);
  add_option_with_default(command, "--vocabulary-size", text.vocabulary_size,
                          "Keep the N words found in most training documents")
      ->check(whole_number(1))
      ->group(group);
  add_option_with_default(command, "--min-df", text.min_document_frequency,
                          "Drop words found in fewer training documents")
      ->check(whole_number(0))
      ->group(group);
  command
      .add_flag("--stop-words", text.remove_stop_words,
                "Leave common English function words out of the vocabulary")
      ->group(group);
  command
      .add_flag("--raw-tf", text.raw_tf,
                "tf-idf with raw counts as term frequency (default: 1 + ln count)")
      ->group(group);
  add_option_with_default(
      command, "--sequence-length", text.sequence_length,
      "Tokens kept per document for sequences (longer ones are cut, shorter ones "
      "padded)")
      ->check(whole_number(1))
      ->group(group);
}

void apply_preset_defaults(TrainOptions& options) {
  const Preset& preset = find_preset(options.preset);
  if (options.data.dataset.empty()) options.data.dataset = preset.dataset;
  if (options.data.text.features.empty()) {
    options.data.text.features = preset.features.empty() ? "tfidf" : preset.features;
  }
  if (options.epochs < 0) options.epochs = preset.epochs;
  if (options.batch_size == 0) options.batch_size = preset.batch_size;
  if (options.optimizer.empty()) options.optimizer = preset.optimizer;
  if (options.learning_rate < 0) {
    options.learning_rate = options.optimizer == preset.optimizer
                                ? preset.learning_rate
                                : (options.optimizer == "adam" ? 1e-3f : 0.05f);
  }
  if (options.momentum < 0) options.momentum = preset.momentum;
  if (options.weight_decay < 0) options.weight_decay = preset.weight_decay;
  if (options.schedule.empty()) options.schedule = preset.schedule;
  if (options.loss.empty()) options.loss = preset.loss;
  options.data.seed = options.seed;
}

std::string checkpoint_path(const TrainOptions& options) {
  return options.checkpoint.empty() ? options.output + ".checkpoint" : options.checkpoint;
}

nlohmann::json options_to_run(const TrainOptions& options) {
  return options;
}

TrainOptions options_from_run(const nlohmann::json& run, const std::string& checkpoint_file) {
  try {
    return run.get<TrainOptions>();
  } catch (const nlohmann::json::exception& error) {
    throw FileError(checkpoint_file,
                    std::string("not the options of a glassbox train run: ") + error.what(), "run");
  }
}

void check_resume_options(const CLI::App& command) {
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

TrainOptions resumed_options(const TrainOptions& given, const Checkpoint& checkpoint,
                             const CLI::App& command) {
  TrainOptions options = options_from_run(checkpoint.run, given.resume);
  options.resume = given.resume;
  options.json = given.json;
  if (command.get_option("--out")->count() > 0) options.output = given.output;
  if (command.get_option("--checkpoint")->count() > 0) options.checkpoint = given.checkpoint;
  return options;
}

}  // namespace cli
}  // namespace glassbox
