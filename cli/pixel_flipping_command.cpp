// `glassbox pixel-flipping`: which explanation finds the evidence? Each method's most relevant
// regions of test images are destroyed first, and the falling logit is plotted against a random
// order (explain/evaluation/pixel_flipping.hpp).
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "datasets/model_fit.hpp"
#include "datasets/model_samples.hpp"
#include "explain/evaluation/pixel_flipping.hpp"
#include "explain/explain_samples.hpp"
#include "explain/render/line_plot.hpp"
#include "framework/serialization/model_file.hpp"
#include "framework/serialization/output_path.hpp"

namespace glassbox::cli {
namespace {

struct FlippingCommandOptions {
  std::string model_path;
  std::size_t index = 0;
  std::size_t count = 100;
  explain::FlippingOptions flipping;
  std::string output = "pixel_flipping.png";
  bool json = false;
};

std::string two_decimals(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

// The value of the curve after about `fraction` of the regions were destroyed.
double at_fraction(const explain::FlippingCurve& curve, double fraction) {
  const double wanted = fraction * curve.regions_flipped.back();
  std::size_t k = 0;
  while (k + 1 < curve.regions_flipped.size() && curve.regions_flipped[k] < wanted) ++k;
  return curve.mean_logit[k];
}

void run_pixel_flipping(FlippingCommandOptions options) {
  check_output_path(options.output, {options.model_path});
  ModelFile file = load_classifier(options.model_path);
  const Samples samples =
      image_samples(file.metadata, options.model_path, "test", options.index, options.count);
  options.flipping.low = samples.low;
  options.flipping.high = samples.high;

  std::vector<render::Series> series;
  nlohmann::json report = {{"model", options.model_path},
                           {"figure", options.output},
                           {"images", samples.labels.size()},
                           {"methods", nlohmann::json::array()}};
  std::vector<double> regions_flipped;
  Labels targets;  // the predicted classes, the same for every method
  auto add_curve = [&](const std::string& label, const Tensor& relevance) {
    const explain::FlippingCurve curve =
        explain::pixel_flipping(file.model, samples.inputs, relevance, targets, options.flipping);
    regions_flipped = curve.regions_flipped;
    series.push_back({label + " (AOPC " + two_decimals(curve.aopc) + ")", curve.mean_logit,
                      render::series_color(series.size())});
    report["methods"].push_back({{"method", label},
                                 {"aopc", curve.aopc},
                                 {"mean_logit", curve.mean_logit},
                                 {"still_predicted", curve.still_predicted}});
    if (!options.json) {
      std::printf("%-28s %8.3f %10.3f %10.3f %10.3f %9.1f%%\n", label.c_str(), curve.aopc,
                  at_fraction(curve, 0.1), at_fraction(curve, 0.25), at_fraction(curve, 0.5),
                  100.0 * curve.still_predicted[curve.still_predicted.size() / 4]);
    }
  };
  if (!options.json) {
    std::printf("%-28s %8s %10s %10s %10s %10s\n", "method", "AOPC", "f @10%", "f @25%", "f @50%",
                "kept @25%");
  }
  for (const explain::MethodChoice& choice : explain::comparison_methods()) {
    const explain::LrpExplanation result = explain::explain_samples(file.model, samples, choice);
    targets = result.targets;
    add_curve(explain::method_label(choice), result.relevance);
  }
  for (const explain::MethodChoice& choice : explain::other_toolbox_methods()) {
    add_curve(explain::method_label(choice),
              explain::explain_samples(file.model, samples, choice).relevance);
  }
  add_curve("random order", explain::random_order(samples.inputs, options.flipping.seed + 1));

  render::LinePlotOptions plot;
  plot.title = "Pixel flipping: mean logit of the explained class, " +
               std::to_string(samples.labels.size()) + " test images";
  plot.x_label = std::to_string(options.flipping.patch) + "x" +
                 std::to_string(options.flipping.patch) + " regions destroyed, most relevant first";
  render::write_line_plot_png(options.output, regions_flipped, series, plot);
  if (options.json) {
    std::cout << report.dump() << std::endl;
  } else {
    std::printf(
        "curves written to %s (a steeper fall, a larger AOPC: the explanation found the "
        "evidence)\n",
        options.output.c_str());
  }
}

}  // namespace

void add_pixel_flipping_command(CLI::App& app) {
  auto options = std::make_shared<FlippingCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "pixel-flipping",
      "Evaluate explanations: destroy the most relevant regions first and plot the logit");
  command->footer(
      "Each method's regions are destroyed in its own order of relevance, all with the same "
      "noise;\n"
      "AOPC is the mean drop of the logit over the steps (larger: more selective).\n"
      "Example:\n  glassbox pixel-flipping --model cnn.json --count 100 --out flipping.png");
  add_model_option(*command, options->model_path, "Model file of an image model");
  add_sample_range_options(*command, options->index, options->count, "First test image",
                           "Number of test images");
  add_option_with_default(*command, "--patch", options->flipping.patch,
                          "Side of the square regions")
      ->check(whole_number(1, 1024));
  add_option_with_default(*command, "--per-step", options->flipping.regions_per_step,
                          "Regions per step")
      ->check(whole_number(1));
  add_option_with_default(*command, "--steps", options->flipping.steps,
                          "Steps (0: until all are destroyed)")
      ->check(whole_number(0));
  command->add_flag("--constant", options->flipping.constant,
                    "Replace by the lowest pixel value instead of uniform noise");
  add_option_with_default(*command, "--seed", options->flipping.seed, "Seed of the noise")
      ->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()));
  add_output_option(*command, options->output, "PNG of the curves");
  add_json_flag(*command, options->json);
  command->callback([options] { run_pixel_flipping(*options); });
}

}  // namespace glassbox::cli
