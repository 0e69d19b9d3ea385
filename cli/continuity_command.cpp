// `glassbox continuity`: do similar inputs get similar explanations? Test images are moved by small
// Gaussian noise of several sizes σ, and each method's mean relative change of relevance is
// printed and plotted against σ (explain/evaluation/continuity.hpp).
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "datasets/model_fit.hpp"
#include "datasets/model_samples.hpp"
#include "explain/evaluation/continuity.hpp"
#include "explain/name_tables.hpp"
#include "explain/render/line_plot.hpp"
#include "framework/errors.hpp"
#include "framework/serialization/model_file.hpp"
#include "framework/serialization/output_path.hpp"

namespace glassbox::cli {
namespace {

struct ContinuityCommandOptions {
  std::string model_path;
  std::size_t index = 0;
  std::size_t count = 100;
  std::vector<std::string> methods{"all"};
  explain::MethodChoice lrp;  // --composite / --rule for the method "lrp"
  explain::ContinuityOptions continuity;
  std::string output = "continuity.png";
  bool json = false;
};

// "all": the methods the figures compare; otherwise each name of the method table, lrp with the
// composite or rule the options chose.
std::vector<explain::MethodChoice> continuity_methods(const ContinuityCommandOptions& options) {
  if (options.methods.size() == 1 && options.methods[0] == "all") {
    return explain::comparison_methods();
  }
  std::vector<explain::MethodChoice> choices;
  for (const std::string& name : options.methods) {
    const auto& table = explain::method_table();
    if (std::none_of(table.begin(), table.end(), [&](const auto& e) { return e.name == name; })) {
      throw ArgumentError("--method: unknown method \"" + name + "\" (known: all, " +
                          explain::names_of(table) + ")");
    }
    explain::MethodChoice choice = options.lrp;
    choice.method = name;
    choices.push_back(choice);
  }
  return choices;
}

void run_continuity(const ContinuityCommandOptions& options) {
  check_output_path(options.output, {options.model_path});
  const std::vector<double>& sizes = options.continuity.sizes;
  if (sizes.size() < 2 || !std::is_sorted(sizes.begin(), sizes.end()) ||
      std::adjacent_find(sizes.begin(), sizes.end()) != sizes.end()) {
    throw ArgumentError("--sizes: give at least two sizes, in ascending order, to plot a curve");
  }
  const std::vector<explain::MethodChoice> choices = continuity_methods(options);
  ModelFile file = load_classifier(options.model_path);
  const Samples samples =
      image_samples(file.metadata, options.model_path, "test", options.index, options.count);
  explain::ContinuityOptions continuity = options.continuity;
  continuity.clip = true;  // every x′ an image in the model's pixel range, as zᴮ requires
  continuity.low = samples.low;
  continuity.high = samples.high;

  std::vector<render::Series> series;
  nlohmann::json report = {
      {"model", options.model_path},       {"figure", options.output},
      {"images", samples.labels.size()},   {"draws", options.continuity.draws},
      {"sizes", options.continuity.sizes}, {"methods", nlohmann::json::array()}};
  if (!options.json) {
    std::printf("%-28s", "method \\ sigma");
    for (const double size : options.continuity.sizes) std::printf(" %9.3g", size);
    std::printf("   (mean relative change of the relevance)\n");
  }
  for (explain::MethodChoice choice : choices) {
    choice.settings.low = samples.low;  // zᴮ's and deep Taylor's bounds: the pixel range
    choice.settings.high = samples.high;
    const std::string label = explain::method_label(choice);
    const explain::ContinuityCurve curve =
        explain::continuity(file.model, samples.inputs, choice, continuity);
    series.push_back({label, curve.mean_change, render::series_color(series.size())});
    report["methods"].push_back({{"method", label},
                                 {"mean_change", curve.mean_change},
                                 {"largest", curve.largest},
                                 {"skipped", curve.skipped}});
    if (!options.json) {
      std::printf("%-28s", label.c_str());
      for (const double change : curve.mean_change) std::printf(" %9.4f", change);
      if (curve.skipped > 0) std::printf("   (%zu images with R = 0 left out)", curve.skipped);
      std::printf("\n");
    }
  }

  render::LinePlotOptions plot;
  plot.title = "Continuity: mean relative change of the relevance, " +
               std::to_string(samples.labels.size()) + " test images";
  plot.x_label = "sigma of the Gaussian pixel noise";
  render::write_line_plot_png(options.output, options.continuity.sizes, series, plot);
  if (options.json) {
    std::cout << report.dump() << std::endl;
  } else {
    std::printf("curves written to %s (lower: similar images get similar explanations)\n",
                options.output.c_str());
  }
}

}  // namespace

void add_continuity_command(CLI::App& app) {
  auto options = std::make_shared<ContinuityCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "continuity", "Evaluate explanations: how much does the relevance change for nearby inputs");
  command->footer(
      "Each test image x is moved to x' = x + sigma*eps (eps standard normal, the same for every\n"
      "method, clipped to the pixel range) and the mean of |R(x') - R(x)| / |R(x)| is printed and\n"
      "plotted per sigma, for the class predicted at x (lower: more continuous). Sigma is in the\n"
      "units of the pixels.\n"
      "Methods (--method, several allowed; all: the five the figures compare):\n" +
      explain::descriptions_of(explain::method_table()) +
      "Example:\n  glassbox continuity --model mlp.json --count 100 --sizes 0.01,0.05,0.1 "
      "--out continuity.png");
  add_model_option(*command, options->model_path, "Model file of an image model");
  add_sample_range_options(*command, options->index, options->count, "First test image",
                           "Number of test images");
  command->add_option("--method", options->methods, "Methods to measure, or all")
      ->delimiter(',')
      ->capture_default_str()
      ->check(non_empty);
  add_option_with_default(*command, "--composite", options->lrp.composite,
                          "LRP composite preset (for --method lrp)");
  command->add_option("--rule", options->lrp.rule, "LRP: one rule on every layer instead");
  command->add_option("--sizes", options->continuity.sizes, "Noise sizes sigma, ascending")
      ->delimiter(',')
      ->capture_default_str()
      ->check(real_number(0.0, 10.0));
  add_option_with_default(*command, "--draws", options->continuity.draws,
                          "Perturbations per image and size")
      ->check(whole_number(1, 1000));
  add_option_with_default(*command, "--seed", options->continuity.seed, "Seed of the noise")
      ->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()));
  add_output_option(*command, options->output, "PNG of the curves");
  add_json_flag(*command, options->json);
  command->callback([options] { run_continuity(*options); });
}

}  // namespace glassbox::cli
