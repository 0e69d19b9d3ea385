// `glassbox evaluate`: accuracy, per-class accuracy and confusion matrix of a saved model.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/data_loading.hpp"
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
  ModelFile file = load_model(options.model_path);
  // Read the data the way the model was trained on it (dataset and pixel scaling).
  DataRequest request = data_request_for(file.metadata, options.model_path);
  request.split = options.split;
  request.limit = options.limit;
  const LabeledData data = load_dataset(request);
  const ClassificationReport report = evaluate(file.model, data);
  if (options.json) {
    nlohmann::json result = report.to_json();
    result["model"] = options.model_path;
    result["dataset"] = data.description;
    std::cout << result.dump() << std::endl;
  } else {
    std::cout << options.model_path << " on " << data.description << "\n"
              << report.to_text(data.class_names);
  }
}

}  // namespace

void add_evaluate_command(CLI::App& app) {
  auto options = std::make_shared<EvaluateOptions>();
  CLI::App* command = app.add_subcommand("evaluate", "Score a saved model on a dataset split");
  command->footer("Example:\n  glassbox evaluate --model mlp.json --split test");
  command->add_option("--model", options->model_path, "Model file written by glassbox train")
      ->required();
  command->add_option("--split", options->split, "train or test")->capture_default_str();
  command->add_option("--limit", options->limit, "Use only the first N samples (0: all)");
  command->add_flag("--json", options->json, "Print the results as one JSON object on stdout");
  command->callback([options] { run_evaluate(*options); });
}

}  // namespace glassbox::cli
