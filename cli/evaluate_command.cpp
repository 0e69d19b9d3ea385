// `glassbox evaluate`: accuracy, per-class accuracy and confusion matrix of a saved model.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "datasets/model_fit.hpp"
#include "datasets/prepared_data.hpp"
#include "framework/serialization/model_file.hpp"
#include "framework/training/metrics.hpp"

namespace glassbox::cli {
namespace {

struct EvaluateOptions {
  std::string model_path;
  std::string split = "test";
  std::size_t limit = 0;
  bool json = false;
};

void run_evaluate(const EvaluateOptions& options) {
  ModelFile file = load_classifier(options.model_path);
  // Prepare the data the way the model was trained on it: pixel scaling for images; for text, the
  // cleaning, vocabulary and idf weights saved in the model file.
  const std::unique_ptr<PreparedData> data =
      prepare_evaluation_data(file.metadata, options.model_path, options.split, options.limit);
  const BatchSource& samples = *data->test;
  const ClassificationReport report = evaluate(file.model, samples, data->evaluation_batch_size);
  if (options.json) {
    nlohmann::json result = report.to_json();
    result["model"] = options.model_path;
    result["dataset"] = samples.description();
    std::cout << result.dump() << std::endl;
  } else {
    std::cout << options.model_path << " on " << samples.description() << "\n"
              << report.to_text(data->class_names);
  }
}

}  // namespace

void add_evaluate_command(CLI::App& app) {
  auto options = std::make_shared<EvaluateOptions>();
  CLI::App* command = app.add_subcommand("evaluate", "Score a saved model on a dataset split");
  command->footer("Example:\n  glassbox evaluate --model mlp.json --split test");
  add_model_option(*command, options->model_path, "Model file written by glassbox train");
  add_option_with_default(*command, "--split", options->split, "train or test");
  command
      ->add_option("--limit", options->limit,
                   "Use only N samples (0: all; mnist the first N, 20news a random N)")
      ->check(whole_number(0));
  add_json_flag(*command, options->json);
  command->callback([options] { run_evaluate(*options); });
}

}  // namespace glassbox::cli
