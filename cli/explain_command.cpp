// `glassbox explain`: explain a model's decision for test images or a PNG, as heatmaps and .npy;
// for a 20 Newsgroups model, test documents or a text file, as an HTML page and in the terminal.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>

#include <xtensor/xview.hpp>
#include "cli/commands.hpp"
#include "cli/data_loading.hpp"
#include "cli/explain_inputs.hpp"
#include "cli/text_samples.hpp"
#include "explain/methods.hpp"
#include "explain/render/heatmap.hpp"
#include "explain/render/npy.hpp"
#include "framework/errors.hpp"

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
  std::string input_png;
  bool invert = false;
  int target_class = -1;
  std::string output;  // default: explanation.png, or explanation.html for a text model
  std::string npy_output;
  bool conservation = false;
  bool json = false;
  bool composite_given = false;
};

std::string class_name(const std::vector<std::string>& class_names, int label) {
  if (label < 0) return "?";
  const auto index = static_cast<std::size_t>(label);
  return index < class_names.size() ? class_names[index] : std::to_string(label);
}

// The options every model type shares: pooling mode and biases.
void apply_common_options(ExplainOptions& options) {
  if (options.max_pool != "winner" && options.max_pool != "proportional") {
    throw ArgumentError("--max-pool must be winner or proportional, got \"" + options.max_pool +
                        "\"");
  }
  explain::MethodChoice& choice = options.choice;
  choice.options.max_pool = options.max_pool == "winner" ? explain::MaxPoolMode::winner_take_all
                                                         : explain::MaxPoolMode::proportional;
  choice.options.bias_takes_relevance = !options.no_bias;
}

void print_conservation(const ExplainOptions& options, const explain::LrpExplanation& result,
                        const std::string& first_name, nlohmann::json& report) {
  if (!options.conservation || result.conservation.layers.empty()) return;
  if (options.json) {
    report["conservation"] = result.conservation.totals;
  } else {
    std::cout << "conservation, " << first_name << ":\n" << result.conservation.format(0);
  }
}

// Text models: each document's words coloured by relevance, in an HTML page and on stdout.
void run_text_explain(ExplainOptions options, ModelFile& file) {
  if (options.output.empty()) options.output = "explanation.html";
  if (!options.input_png.empty() && options.invert) {
    throw ArgumentError("--invert is for images; a text model reads --input as a text file");
  }
  const TextSamples samples = load_text_samples(file, options.model_path, options.split,
                                                options.index, options.count, options.input_png);
  explain::MethodChoice& choice = options.choice;
  // zᴮ's pixel bounds mean nothing to embeddings; LRP-ε is the usual rule for text (docs).
  if (!options.composite_given) choice.composite = "epsilon";
  const std::size_t n = samples.labels.size();
  const Labels targets = requested_targets(file.model, options.target_class, n);
  const explain::LrpExplanation result =
      explain::explain_with(file.model, samples.inputs, targets, choice);

  std::vector<render::TextExplanation> documents;
  nlohmann::json report = {{"model", options.model_path},
                           {"method", explain::method_label(choice)},
                           {"page", options.output},
                           {"samples", nlohmann::json::array()}};
  const bool color = render::terminal_supports_color(STDOUT_FILENO);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string title =
        samples.names[i] + ": true class " + class_name(samples.class_names, samples.labels[i]) +
        ", explained class " + class_name(samples.class_names, result.targets[i]) + " (" +
        explain::method_label(choice) + ")";
    documents.push_back(explained_words(samples, result.relevance, i, title));
    const auto for_class = strongest_words(documents.back(), 10, true);
    const auto against = strongest_words(documents.back(), 10, false);
    report["samples"].push_back({{"name", samples.names[i]},
                                 {"label", samples.labels[i]},
                                 {"explained_class", result.targets[i]},
                                 {"logit", result.outputs[i]},
                                 {"relevance_sum", xt::sum(xt::view(result.relevance, i))()},
                                 {"words_for", for_class},
                                 {"words_against", against}});
    if (options.json) continue;
    std::cout << render::text_heatmap_terminal(documents.back(), color);
    std::printf("logit f(x) = %.4f; strongest words for:", result.outputs[i]);
    for (const auto& [word, r] : for_class) std::printf(" %s %+.3g", word.c_str(), r);
    std::printf("\n                      against:");
    for (const auto& [word, r] : against) std::printf(" %s %+.3g", word.c_str(), r);
    std::printf("\n\n");
  }
  render::TextHeatmapOptions page;
  page.page_title = "glassbox: " + explain::method_label(choice) + " on " + options.model_path;
  render::write_text_heatmap_html(options.output, documents, page);
  if (!options.npy_output.empty()) {
    render::write_npy(options.npy_output, result.relevance);
    report["relevance_npy"] = options.npy_output;
  }
  print_conservation(options, result, samples.names[0], report);
  if (options.json) {
    std::cout << report.dump() << std::endl;
  } else {
    std::printf("text heatmaps written to %s%s%s\n", options.output.c_str(),
                options.npy_output.empty() ? "" : ", relevance to ", options.npy_output.c_str());
  }
}

void run_explain(ExplainOptions options) {
  ModelFile file = load_model(options.model_path);
  apply_common_options(options);
  if (data_request_for(file.metadata, options.model_path).dataset == "20news") {
    run_text_explain(std::move(options), file);
    return;
  }
  if (options.output.empty()) options.output = "explanation.png";
  const ImageSamples samples =
      load_image_samples(file, options.model_path, options.split, options.index, options.count,
                         options.input_png, options.invert);
  explain::MethodChoice& choice = options.choice;
  choice.settings.low = samples.low;
  choice.settings.high = samples.high;
  const Labels targets = requested_targets(file.model, options.target_class, samples.labels.size());
  const explain::LrpExplanation result =
      explain::explain_with(file.model, samples.inputs, targets, choice);

  const std::size_t n = samples.labels.size();
  if (n == 1) {
    render::HeatmapOptions heatmap;
    heatmap.input_display = render::InputDisplay::kSideBySide;
    render::write_heatmap_png(options.output, image_of(result.relevance, 0),
                              image_of(samples.inputs, 0), heatmap);
  } else {
    render::GridRow row{explain::method_label(choice), {}};
    std::vector<Tensor> inputs;
    render::GridOptions grid;
    for (std::size_t i = 0; i < n; ++i) {
      inputs.push_back(image_of(samples.inputs, i));
      row.relevances.push_back(image_of(result.relevance, i));
      grid.column_labels.push_back(class_name(samples.class_names, samples.labels[i]) + "->" +
                                   class_name(samples.class_names, result.targets[i]));
    }
    render::write_grid_png(options.output, inputs, {row}, grid);
  }
  if (!options.npy_output.empty()) render::write_npy(options.npy_output, result.relevance);

  nlohmann::json report = {{"model", options.model_path},
                           {"method", explain::method_label(choice)},
                           {"figure", options.output},
                           {"samples", nlohmann::json::array()}};
  if (!options.npy_output.empty()) report["relevance_npy"] = options.npy_output;
  for (std::size_t i = 0; i < n; ++i) {
    const double total = xt::sum(image_of(result.relevance, i))();
    report["samples"].push_back({{"name", samples.names[i]},
                                 {"label", samples.labels[i]},
                                 {"explained_class", result.targets[i]},
                                 {"logit", result.outputs[i]},
                                 {"relevance_sum", total}});
    if (!options.json) {
      std::printf(
          "%s: true class %s, explained class %s, logit f(x) = %.4f, sum of relevance %.4f\n",
          samples.names[i].c_str(), class_name(samples.class_names, samples.labels[i]).c_str(),
          class_name(samples.class_names, result.targets[i]).c_str(), result.outputs[i], total);
    }
  }
  print_conservation(options, result, samples.names[0], report);
  if (options.json) {
    std::cout << report.dump() << std::endl;
  } else {
    std::printf("heatmap written to %s%s%s\n", options.output.c_str(),
                options.npy_output.empty() ? "" : ", relevance to ", options.npy_output.c_str());
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
      "Text models (20news) are explained word by word, as an HTML page (--out, default "
      "explanation.html) and on the terminal; their default composite is epsilon.");
  command->add_option("--model", options->model_path, "Model file")->required();
  command->add_option("--method", options->choice.method, "Explanation method")
      ->capture_default_str();
  command->add_option("--composite", options->choice.composite, "LRP composite preset")
      ->capture_default_str();
  command->add_option("--rule", options->choice.rule, "LRP: one rule on every layer instead");
  command->add_option("--epsilon", options->choice.settings.epsilon, "ε of LRP-ε")
      ->capture_default_str();
  command->add_option("--gamma", options->choice.settings.gamma, "γ of LRP-γ")
      ->capture_default_str();
  command->add_option("--max-pool", options->max_pool, "Max-pooling: winner or proportional")
      ->capture_default_str();
  command->add_flag("--no-bias", options->no_bias,
                    "Biases take no relevance; units active through their bias alone keep theirs "
                    "(--conservation shows how much)");
  command->add_option("--split", options->split, "Dataset split to take images from")
      ->capture_default_str();
  command->add_option("--index", options->index, "First image to explain")->capture_default_str();
  command->add_option("--count", options->count, "Number of images (more than 1: a grid)")
      ->capture_default_str();
  command->add_option("--input", options->input_png,
                      "Explain this 28x28 grey PNG (a text file for a text model) instead");
  command->add_flag("--invert", options->invert, "The PNG has dark ink on a light background");
  command->add_option("--class", options->target_class,
                      "Class whose logit is explained (default: the predicted class)");
  command->add_option("--out", options->output,
                      "Heatmap PNG to write (HTML page for a text model; default "
                      "explanation.png or explanation.html)");
  command->add_option("--npy", options->npy_output, "Also write the raw relevance as .npy");
  command->add_flag("--conservation", options->conservation,
                    "LRP: print the sum of relevance at every layer for the first image");
  command->add_flag("--json", options->json, "Print the results as one JSON object on stdout");
  command->callback([options, command] {
    options->composite_given = command->count("--composite") > 0;
    run_explain(*options);
  });
}

}  // namespace glassbox::cli
