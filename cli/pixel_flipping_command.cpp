// `glassbox pixel-flipping`: which explanation finds the evidence? Each method's most relevant
// regions of test images are destroyed first, and the falling logit is plotted against a random
// order (explain/evaluation/pixel_flipping.hpp). For a text model the regions are words: word
// deletion (explain/evaluation/word_deletion.hpp), for the correctly classified and the
// misclassified test documents separately.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "datasets/model_fit.hpp"
#include "datasets/model_samples.hpp"
#include "explain/evaluation/pixel_flipping.hpp"
#include "explain/evaluation/word_deletion.hpp"
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
  bool per_step_given = false, steps_given = false;  // text models have their own defaults
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

// The methods that apply to text models: LRP with ε (the usual rule for text: zᴮ's pixel bounds
// mean nothing to word features) and with α1β0 beside sensitivity, simple Taylor and deep Taylor.
std::vector<explain::MethodChoice> text_methods() {
  std::vector<explain::MethodChoice> methods = explain::comparison_methods();
  for (explain::MethodChoice& choice : methods) {
    if (choice.composite == "epsilon-plus-zbox" && choice.rule.empty())
      choice.composite = "epsilon";
  }
  return methods;
}

// "words.png" → "words-misclassified.png": the second figure of word deletion.
std::string misclassified_path(const std::string& output) {
  const std::filesystem::path path(output);
  return (path.parent_path() /
          (path.stem().string() + "-misclassified" + path.extension().string()))
      .string();
}

// Word deletion on test documents: the relevance of the true class, the correct documents' most
// relevant words first and the misclassified ones' most negative first, against a random order.
void run_word_deletion(FlippingCommandOptions& options, ModelFile& file) {
  const std::string second = misclassified_path(options.output);
  check_output_path(second, {options.model_path});
  const Samples samples =
      text_samples(file.metadata, options.model_path, "test", options.index, options.count);
  explain::DeletionOptions deletion;
  deletion.words_per_step = options.per_step_given ? options.flipping.regions_per_step : 1;
  deletion.steps = options.steps_given ? options.flipping.steps : 20;

  std::vector<render::Series> correct_series, wrong_series;
  std::vector<double> words_deleted;
  nlohmann::json report = {{"model", options.model_path},
                           {"figures", {options.output, second}},
                           {"documents", samples.size()},
                           {"methods", nlohmann::json::array()}};
  std::size_t correct_count = 0, wrong_count = 0;
  auto add_curves = [&](const std::string& label, const Tensor& relevance) {
    const explain::DeletionByOutcome curves = explain::word_deletion_by_outcome(
        file.model, samples.inputs, relevance, samples.labels, deletion);
    correct_count = curves.correct_documents;
    wrong_count = curves.misclassified_documents;
    nlohmann::json entry = {{"method", label}};
    // One group's curve: a line of its figure and its numbers in the JSON report.
    const auto add_group = [&](const explain::FlippingCurve& curve, std::size_t documents,
                               std::vector<render::Series>& series, const std::string& key) {
      if (documents == 0) return;
      words_deleted = curve.regions_flipped;
      series.push_back({label + " (AOPC " + two_decimals(curve.aopc) + ")", curve.mean_logit,
                        render::series_color(series.size())});
      entry[key] = {{"aopc", curve.aopc},
                    {"mean_logit", curve.mean_logit},
                    {"accuracy", curve.still_predicted}};
    };
    add_group(curves.correct, correct_count, correct_series, "correct");
    add_group(curves.misclassified, wrong_count, wrong_series, "misclassified");
    report["methods"].push_back(entry);
    if (!options.json) {
      const auto last = [](const std::vector<double>& values) {
        return values.empty() ? 0.0 : values.back();
      };
      std::printf("%-28s %9.3f %10.1f%% %9.3f %10.1f%%\n", label.c_str(), curves.correct.aopc,
                  100.0 * last(curves.correct.still_predicted), curves.misclassified.aopc,
                  100.0 * last(curves.misclassified.still_predicted));
    }
  };
  if (!options.json) {
    std::printf("%-28s %9s %11s %9s %11s\n", "method", "AOPC ok", "acc ok end", "AOPC bad",
                "acc bad end");
  }
  for (const explain::MethodChoice& choice : text_methods()) {
    const explain::LrpExplanation result =
        explain::explain_samples(file.model, samples, choice, samples.labels);
    add_curves(explain::method_label(choice), result.relevance);
  }
  add_curves("random order", explain::random_order(samples.inputs, options.flipping.seed + 1));

  const std::string per_step = std::to_string(deletion.words_per_step);
  render::LinePlotOptions plot;
  plot.x_label = "words deleted (" + per_step + " per step)";
  if (correct_count > 0) {
    plot.title = "Word deletion, most relevant first: true class logit, " +
                 std::to_string(correct_count) + " correct documents";
    render::write_line_plot_png(options.output, words_deleted, correct_series, plot);
  }
  if (wrong_count > 0) {
    plot.title = "Word deletion, most negative first: true class logit, " +
                 std::to_string(wrong_count) + " misclassified documents";
    render::write_line_plot_png(second, words_deleted, wrong_series, plot);
  }
  if (options.json) {
    std::cout << report.dump() << std::endl;
  } else {
    std::printf("curves written to %s (%zu correct documents) and %s (%zu misclassified)\n",
                options.output.c_str(), correct_count, second.c_str(), wrong_count);
  }
}

void run_pixel_flipping(FlippingCommandOptions options) {
  check_output_path(options.output, {options.model_path});
  ModelFile file = load_classifier(options.model_path);
  if (reads_text(file.metadata, options.model_path)) {
    run_word_deletion(options, file);
    return;
  }
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
      "Text models (20news) get word deletion: the relevance of the true class; words of the\n"
      "correctly classified documents are deleted most relevant first (--out), those of the\n"
      "misclassified ones most negative first (a second PNG, NAME-misclassified.png); --per-step\n"
      "counts words (default 1) and --steps defaults to 20.\n"
      "Examples:\n  glassbox pixel-flipping --model cnn.json --count 100 --out flipping.png\n"
      "  glassbox pixel-flipping --model text-mlp.json --count 500 --out words.png");
  add_model_option(*command, options->model_path, "Model file of an image or text model");
  add_sample_range_options(*command, options->index, options->count,
                           "First test image (or document)",
                           "Number of test images (or documents)");
  add_option_with_default(*command, "--patch", options->flipping.patch,
                          "Side of the square regions")
      ->check(whole_number(1, 1024));
  add_option_with_default(*command, "--per-step", options->flipping.regions_per_step,
                          "Regions per step (text: words, default 1)")
      ->check(whole_number(1));
  add_option_with_default(*command, "--steps", options->flipping.steps,
                          "Steps (0: until all are destroyed; text: default 20)")
      ->check(whole_number(0));
  command->add_flag("--constant", options->flipping.constant,
                    "Replace by the lowest pixel value instead of uniform noise");
  add_option_with_default(*command, "--seed", options->flipping.seed, "Seed of the noise")
      ->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()));
  add_output_option(*command, options->output, "PNG of the curves");
  add_json_flag(*command, options->json);
  command->callback([options, command] {
    options->per_step_given = command->count("--per-step") > 0;
    options->steps_given = command->count("--steps") > 0;
    run_pixel_flipping(*options);
  });
}

}  // namespace glassbox::cli
