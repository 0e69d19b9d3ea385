// `glassbox compare`: the methods side by side on a handful of test images, in one figure.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "datasets/model_fit.hpp"
#include "datasets/model_samples.hpp"
#include "explain/explain_samples.hpp"
#include "explain/name_tables.hpp"
#include "explain/writers/explanation_writers.hpp"
#include "framework/serialization/model_file.hpp"
#include "framework/serialization/output_path.hpp"

namespace glassbox::cli {
namespace {

struct CompareOptions {
  std::string model_path;
  std::size_t index = 0;
  std::size_t count = 8;
  std::string methods;  // comma-separated method names; empty: explain::comparison_methods()
  std::string output = "comparison.png";
  bool json = false;
};

void run_compare(const CompareOptions& options) {
  check_output_path(options.output, {options.model_path});
  const std::vector<explain::MethodChoice> choices = explain::methods_named(options.methods);
  ModelFile file = load_classifier(options.model_path);
  const Samples samples =
      image_samples(file.metadata, options.model_path, "test", options.index, options.count);
  std::vector<std::string> methods;
  std::vector<explain::Explanation> explanations;
  for (const explain::MethodChoice& choice : choices) {
    methods.push_back(explain::method_label(choice));
    explanations.push_back(explain::explain_samples(file.model, samples, choice));
  }
  explain::write_method_comparison(options.output, samples, methods, explanations);
  if (options.json) {
    const nlohmann::json report = {
        {"model", options.model_path}, {"figure", options.output}, {"methods", methods}};
    std::cout << report.dump() << std::endl;
  } else {
    std::printf(
        "comparison of %zu methods on test images %zu to %zu written to %s\n"
        "(columns: true class -> explained class; red: evidence for it, blue: against)\n",
        methods.size(), options.index, options.index + options.count - 1, options.output.c_str());
  }
}

}  // namespace

void add_compare_command(CLI::App& app) {
  auto options = std::make_shared<CompareOptions>();
  CLI::App* command = app.add_subcommand(
      "compare", "Sensitivity, Taylor, LRP and deep Taylor side by side on test images (one PNG)");
  command->footer("Methods (--methods, comma-separated, each with its default settings):\n" +
                  explain::descriptions_of(explain::method_table()) +
                  "Examples:\n  glassbox compare --model mlp.json --count 8 --out comparison.png\n"
                  "  glassbox compare --model mlp.json --methods "
                  "lrp,integrated-gradients,smoothgrad,occlusion,guided-backprop --out others.png");
  add_model_option(*command, options->model_path, "Model file of an image model");
  add_sample_range_options(*command, options->index, options->count, "First test image",
                           "Number of test images");
  command
      ->add_option("--methods", options->methods,
                   "Methods to compare (default: sensitivity, Taylor, LRP-a1b0, LRP "
                   "epsilon-plus-zbox, deep Taylor)")
      ->check(non_empty);
  add_output_option(*command, options->output, "PNG to write");
  add_json_flag(*command, options->json);
  command->callback([options] { run_compare(*options); });
}

}  // namespace glassbox::cli
