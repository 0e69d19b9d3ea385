// `glassbox compare`: the methods side by side on a handful of test images, in one figure.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/explain_inputs.hpp"
#include "explain/methods.hpp"
#include "explain/render/heatmap.hpp"

namespace glassbox::cli {
namespace {

struct CompareOptions {
  std::string model_path;
  std::size_t index = 0;
  std::size_t count = 8;
  std::string output = "comparison.png";
  bool json = false;
};

void run_compare(const CompareOptions& options) {
  ModelFile file = load_model(options.model_path);
  const ImageSamples samples =
      load_image_samples(file, options.model_path, "test", options.index, options.count, "", false);
  std::vector<Tensor> inputs;
  render::GridOptions grid;
  for (std::size_t i = 0; i < samples.labels.size(); ++i) {
    inputs.push_back(image_of(samples.inputs, i));
  }
  std::vector<render::GridRow> rows;
  nlohmann::json report = {{"model", options.model_path}, {"figure", options.output}};
  for (explain::MethodChoice choice : explain::comparison_methods()) {
    choice.settings.low = samples.low;
    choice.settings.high = samples.high;
    const explain::LrpExplanation result =
        explain::explain_with(file.model, samples.inputs, {}, choice);
    render::GridRow row{explain::method_label(choice), {}};
    for (std::size_t i = 0; i < samples.labels.size(); ++i) {
      row.relevances.push_back(image_of(result.relevance, i));
    }
    if (grid.column_labels.empty()) {
      for (std::size_t i = 0; i < samples.labels.size(); ++i) {
        grid.column_labels.push_back(std::to_string(samples.labels[i]) + "->" +
                                     std::to_string(result.targets[i]));
      }
    }
    report["methods"].push_back(row.label);
    rows.push_back(std::move(row));
  }
  render::write_grid_png(options.output, inputs, rows, grid);
  if (options.json) {
    std::cout << report.dump() << std::endl;
  } else {
    std::printf(
        "comparison of %zu methods on test images %zu to %zu written to %s\n"
        "(columns: true class -> explained class; red: evidence for it, blue: against)\n",
        rows.size(), options.index, options.index + options.count - 1, options.output.c_str());
  }
}

}  // namespace

void add_compare_command(CLI::App& app) {
  auto options = std::make_shared<CompareOptions>();
  CLI::App* command = app.add_subcommand(
      "compare", "Sensitivity, Taylor, LRP and deep Taylor side by side on test images (one PNG)");
  command->footer("Example:\n  glassbox compare --model mlp.json --count 8 --out comparison.png");
  command->add_option("--model", options->model_path, "Model file of an image model")->required();
  command->add_option("--index", options->index, "First test image")->capture_default_str();
  command->add_option("--count", options->count, "Number of test images")->capture_default_str();
  command->add_option("--out", options->output, "PNG to write")->capture_default_str();
  command->add_flag("--json", options->json, "Print the results as one JSON object on stdout");
  command->callback([options] { run_compare(*options); });
}

}  // namespace glassbox::cli
