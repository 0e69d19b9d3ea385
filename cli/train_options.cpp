#include "cli/train_options.hpp"

#include "cli/presets.hpp"
#include "framework/errors.hpp"

namespace glassbox::cli {

// Key by key, in the member names; a missing key or a wrong type throws nlohmann's exceptions.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TextOptions, remove, features, vocabulary_size,
                                   min_document_frequency, remove_stop_words, raw_tf,
                                   sequence_length)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DataRequest, dataset, split, scaling, limit, text, seed)

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
  return {{"preset", options.preset},
          {"layers", options.layers},
          {"data", options.data},
          {"validation_size", options.validation_size},
          {"epochs", options.epochs},
          {"batch_size", options.batch_size},
          {"optimizer", options.optimizer},
          {"learning_rate", options.learning_rate},
          {"momentum", options.momentum},
          {"nesterov", options.nesterov},
          {"weight_decay", options.weight_decay},
          {"schedule", options.schedule},
          {"loss", options.loss},
          {"seed", options.seed},
          {"output", options.output},
          {"checkpoint", options.checkpoint}};
}

TrainOptions options_from_run(const nlohmann::json& run, const std::string& checkpoint_file) {
  TrainOptions options;
  try {
    run.at("preset").get_to(options.preset);
    run.at("layers").get_to(options.layers);
    run.at("data").get_to(options.data);
    run.at("validation_size").get_to(options.validation_size);
    run.at("epochs").get_to(options.epochs);
    run.at("batch_size").get_to(options.batch_size);
    run.at("optimizer").get_to(options.optimizer);
    run.at("learning_rate").get_to(options.learning_rate);
    run.at("momentum").get_to(options.momentum);
    run.at("nesterov").get_to(options.nesterov);
    run.at("weight_decay").get_to(options.weight_decay);
    run.at("schedule").get_to(options.schedule);
    run.at("loss").get_to(options.loss);
    run.at("seed").get_to(options.seed);
    run.at("output").get_to(options.output);
    run.at("checkpoint").get_to(options.checkpoint);
  } catch (const nlohmann::json::exception& error) {
    throw FileError(checkpoint_file,
                    std::string("not the options of a glassbox train run: ") + error.what(), "run");
  }
  return options;
}

}  // namespace glassbox::cli
