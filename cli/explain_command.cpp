// `glassbox explain`: explain a model's decision for test images or a PNG, as heatmaps and .npy;
// for a 20 Newsgroups model, test documents or a text file, as an HTML page and in the terminal.
// One path for both: samples (datasets/model_samples.hpp) → explanation
// (explain/explain_samples.hpp) → the writer for that kind of sample (explain/writers/).
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "datasets/model_fit.hpp"
#include "datasets/model_samples.hpp"
#include "explain/explain_samples.hpp"
#include "explain/render/npy.hpp"
#include "explain/render/png.hpp"
#include "explain/writers/explanation_writers.hpp"
#include "framework/errors.hpp"
#include "framework/join.hpp"
#include "framework/serialization/model_file.hpp"
#include "framework/serialization/output_path.hpp"

namespace glassbox::cli {
namespace {

struct ExplainOptions {
  std::string model_path;
  explain::MethodChoice choice;
  std::string max_pool = "winner";
  bool no_bias = false;
  std::string split = "test";
  std::size_t index = 0;
  std::size_t count = 1;
  std::string input;  // a PNG, or a text file for a text model
  bool invert = false;
  int target_class = -1;
  std::string output;  // default: explanation.png, or explanation.html for a text model
  std::string npy_output;
  bool conservation = false;
  bool json = false;
  bool composite_given = false;
};

// The samples the options name: a split's by index, or the --input file.
Samples chosen_samples(const ExplainOptions& options, const ModelFile& file) {
  const nlohmann::json& metadata = file.metadata;
  const std::string& path = options.model_path;
  if (options.input.empty()) {
    return model_samples(metadata, path, options.split, options.index, options.count);
  }
  if (reads_text(metadata, path)) {
    if (options.invert) {
      throw ArgumentError("--invert is for images; a text model reads --input as a text file");
    }
    return text_file_sample(metadata, path, options.input);
  }
  return image_file_sample(metadata, path,
                           render::read_png_sample(options.input, file.model.input_shape()),
                           options.input, options.invert);
}

// The method as the options choose it, for a model of images or of text.
explain::MethodChoice method_choice(const ExplainOptions& options, bool text) {
  if (options.max_pool != "winner" && options.max_pool != "proportional") {
    throw ArgumentError("--max-pool must be winner or proportional, got \"" + options.max_pool +
                        "\"");
  }
  explain::MethodChoice choice = options.choice;
  choice.options.max_pool = options.max_pool == "winner" ? explain::MaxPoolMode::winner_take_all
                                                         : explain::MaxPoolMode::proportional;
  choice.options.bias_takes_relevance = !options.no_bias;
  if (choice.baseline != "black" && choice.baseline != "blur") {
    throw ArgumentError("--baseline must be black or blur, got \"" + choice.baseline + "\"");
  }
  // zᴮ's pixel bounds mean nothing to embeddings; LRP-ε is the usual rule for text (docs).
  if (text && !options.composite_given) choice.composite = "epsilon";
  return choice;
}

void run_explain(const ExplainOptions& options) {
  ModelFile file = load_classifier(options.model_path);
  const bool text = reads_text(file.metadata, options.model_path);
  const explain::MethodChoice choice = method_choice(options, text);
  explain::ExplanationOutput output{options.output, explain::method_label(choice),
                                    options.model_path, !options.json};
  if (output.path.empty()) output.path = explain::default_explanation_path(text);
  std::vector<std::string> outputs{output.path};
  if (!options.npy_output.empty()) outputs.push_back(options.npy_output);
  check_output_paths(outputs, {options.model_path, options.input});
  const Samples samples = chosen_samples(options, file);
  const explain::LrpExplanation result = explain::explain_samples(
      file.model, samples, choice,
      explain::requested_targets(file.model, options.target_class, samples.size()));

  nlohmann::json report = explain::write_explanations(samples, result, output);
  report["model"] = options.model_path;
  report["method"] = output.method;
  if (!options.npy_output.empty()) {
    render::write_npy(options.npy_output, result.relevance);
    report["relevance_npy"] = options.npy_output;
  }
  if (options.conservation && !result.conservation.layers.empty()) {
    if (options.json) {
      report["conservation"] = result.conservation.totals;
    } else {
      std::cout << "conservation, " << samples.names[0] << ":\n" << result.conservation.format(0);
    }
  }
  if (options.json) {
    std::cout << report.dump() << std::endl;
  } else {
    std::printf("%s written to %s%s%s\n", samples.is_text() ? "text heatmaps" : "heatmap",
                output.path.c_str(), options.npy_output.empty() ? "" : ", relevance to ",
                options.npy_output.c_str());
  }
}

}  // namespace

void add_explain_command(CLI::App& app) {
  auto options = std::make_shared<ExplainOptions>();
  CLI::App* command = app.add_subcommand(
      "explain", "Explain a model's decision on test images or a PNG (heatmaps)");
  command->footer(
      "Methods (--method):\n" + explain::descriptions_of(explain::method_table()) +
      "Composites (lrp --composite):\n" + explain::descriptions_of(explain::composite_table()) +
      "Rules (lrp --rule, one rule on every layer with weights):\n" +
      explain::descriptions_of(explain::rule_table()) +
      "Red is evidence for the explained class, blue against it, white nothing.\n"
      "Examples:\n  glassbox explain --model mlp.json --method lrp --index 0 --out lrp.png\n"
      "  glassbox explain --model cnn.json --method lrp --rule alpha1-beta0 --index 0 --count 8 "
      "--out grid.png --npy relevance.npy\n"
      "  glassbox explain --model text-cnn.json --index 3 --count 5 --out words.html\n"
      "  glassbox explain --model mlp.json --method integrated-gradients --baseline blur "
      "--steps 64 --out ig.png\n"
      "Text models (20news) are explained word by word, as an HTML page (--out, default "
      "explanation.html) and on the terminal; their default composite is epsilon.");
  add_model_option(*command, options->model_path);
  add_option_with_default(*command, "--method", options->choice.method, "Explanation method");
  add_option_with_default(*command, "--composite", options->choice.composite,
                          "LRP composite preset");
  command->add_option("--rule", options->choice.rule, "LRP: one rule on every layer instead");
  add_option_with_default(*command, "--epsilon", options->choice.settings.epsilon, "ε of LRP-ε")
      ->check(real_number(0.0));
  add_option_with_default(*command, "--gamma", options->choice.settings.gamma, "γ of LRP-γ")
      ->check(real_number(0.0));
  explain::MethodChoice& choice = options->choice;
  add_option_with_default(*command, "--steps", choice.steps, "integrated-gradients: steps m")
      ->check(whole_number(1, 100000));
  add_option_with_default(*command, "--baseline", choice.baseline,
                          "integrated-gradients: black or blur (the input blurred)");
  add_option_with_default(*command, "--blur", choice.blur,
                          "integrated-gradients: sigma of the blurred baseline, in pixels")
      ->check(positive_number(100.0));
  add_option_with_default(*command, "--samples", choice.smoothing.samples,
                          "smoothgrad: noisy copies n")
      ->check(whole_number(1, 100000));
  add_option_with_default(*command, "--noise", choice.smoothing.noise,
                          "smoothgrad: sigma of the noise as a share of the pixel range")
      ->check(real_number(0.0, 10.0));
  add_option_with_default(*command, "--smooth-over", choice.smooth_over,
                          "smoothgrad: gradient, or the method to average");
  add_option_with_default(*command, "--seed", choice.smoothing.seed,
                          "smoothgrad: seed of the noise")
      ->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()));
  add_option_with_default(*command, "--patch", choice.occlusion.patch,
                          "occlusion: side of the sliding patch")
      ->check(whole_number(1, 1024));
  add_option_with_default(*command, "--stride", choice.occlusion.stride,
                          "occlusion: pixels between patch positions")
      ->check(whole_number(1, 1024));
  add_option_with_default(*command, "--max-pool", options->max_pool,
                          "Max-pooling: winner or proportional");
  command->add_flag("--no-bias", options->no_bias,
                    "Biases take no relevance; units active through their bias alone keep theirs "
                    "(--conservation shows how much)");
  add_option_with_default(*command, "--split", options->split, "Dataset split to take images from");
  add_sample_range_options(*command, options->index, options->count, "First image to explain",
                           "Number of images (more than 1: a grid)");
  command
      ->add_option("--input", options->input,
                   "Explain this 28x28 grey PNG (a text file for a text model) instead")
      ->check(non_empty);
  command->add_flag("--invert", options->invert, "The PNG has dark ink on a light background");
  command
      ->add_option("--class", options->target_class,
                   "Class whose logit is explained (default: the predicted class)")
      ->check(whole_number(0));
  add_output_option(*command, options->output,
                    "Heatmap PNG to write (HTML page for a text model; default "
                    "explanation.png or explanation.html)");
  command->add_option("--npy", options->npy_output, "Also write the raw relevance as .npy")
      ->check(non_empty);
  command->add_flag("--conservation", options->conservation,
                    "LRP: print the sum of relevance at every layer for the first image");
  add_json_flag(*command, options->json);
  command->callback([options, command] {
    options->composite_given = command->count("--composite") > 0;
    run_explain(*options);
  });
}

}  // namespace glassbox::cli
