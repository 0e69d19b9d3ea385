#include "explain/writers/explanation_writers.hpp"

#include <unistd.h>

#include <cstdio>
#include <iostream>

#include <xtensor/xview.hpp>

#include "explain/render/heatmap.hpp"
#include "explain/render/text_heatmap.hpp"
#include "explain/text_relevance.hpp"

namespace glassbox::explain {
namespace {

// Examples per band of a grid figure: more are wrapped into further bands below, so that a figure
// of hundreds of examples stays readable (16 MNIST columns are about 1,900 pixels wide) and is
// written a band at a time (render::GridOptions::columns_per_band).
constexpr std::size_t kExamplesPerBand = 16;

// Sample n of an N×1×H×W batch as an H×W map.
Tensor image_of(const Tensor& batch, std::size_t sample) {
  return xt::view(batch, sample, 0, xt::all(), xt::all());
}

// The part of a sample's report every kind of sample shares.
nlohmann::json sample_report(const Samples& samples, const Explanation& explanation,
                             std::size_t n) {
  return {{"name", samples.names[n]},
          {"label", samples.labels[n]},
          {"explained_class", explanation.targets[n]},
          {"logit", explanation.outputs[n]},
          {"relevance_sum", xt::sum(xt::view(explanation.relevance, n))()}};
}

}  // namespace

std::string class_name(const std::vector<std::string>& class_names, int label) {
  if (label < 0) return "?";
  const auto index = static_cast<std::size_t>(label);
  return index < class_names.size() ? class_names[index] : std::to_string(label);
}

std::string default_explanation_path(const Samples& samples) {
  return default_explanation_path(samples.is_text());
}

std::string default_explanation_path(bool text) {
  return text ? "explanation.html" : "explanation.png";
}

nlohmann::json write_explanations(const Samples& samples, const Explanation& explanation,
                                  const ExplanationOutput& output) {
  return samples.is_text() ? write_text_explanations(samples, explanation, output)
                           : write_image_explanations(samples, explanation, output);
}

nlohmann::json write_image_explanations(const Samples& samples, const Explanation& explanation,
                                        const ExplanationOutput& output) {
  const std::size_t n = samples.size();
  if (n == 1) {
    render::HeatmapOptions heatmap;
    heatmap.input_display = render::InputDisplay::side_by_side;
    render::write_heatmap_png(output.path, image_of(explanation.relevance, 0),
                              image_of(samples.inputs, 0), heatmap);
  } else {
    render::GridRow row{output.method, {}};
    std::vector<Tensor> inputs;
    render::GridOptions grid;
    grid.columns_per_band = kExamplesPerBand;
    for (std::size_t i = 0; i < n; ++i) {
      inputs.push_back(image_of(samples.inputs, i));
      row.relevances.push_back(image_of(explanation.relevance, i));
      grid.column_labels.push_back(class_name(samples.class_names, samples.labels[i]) + "->" +
                                   class_name(samples.class_names, explanation.targets[i]));
    }
    render::write_grid_png(output.path, inputs, {row}, grid);
  }
  nlohmann::json report = {{"figure", output.path}, {"samples", nlohmann::json::array()}};
  for (std::size_t i = 0; i < n; ++i) {
    report["samples"].push_back(sample_report(samples, explanation, i));
    if (!output.print) continue;
    std::printf("%s: true class %s, explained class %s, logit f(x) = %.4f, sum of relevance %.4f\n",
                samples.names[i].c_str(),
                class_name(samples.class_names, samples.labels[i]).c_str(),
                class_name(samples.class_names, explanation.targets[i]).c_str(),
                explanation.outputs[i], report["samples"].back()["relevance_sum"].get<double>());
  }
  return report;
}

nlohmann::json write_text_explanations(const Samples& samples, const Explanation& explanation,
                                       const ExplanationOutput& output) {
  std::vector<render::TextExplanation> documents;
  nlohmann::json report = {{"page", output.path}, {"samples", nlohmann::json::array()}};
  const bool color = render::terminal_supports_color(STDOUT_FILENO);
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const Document& document = samples.documents[i];
    const std::string title =
        samples.names[i] + ": true class " + class_name(samples.class_names, samples.labels[i]) +
        ", explained class " + class_name(samples.class_names, explanation.targets[i]) + " (" +
        output.method + ")";
    documents.push_back(
        {title, document.words, word_relevance(explanation.relevance, i, document.features)});
    const auto for_class = strongest_words(document.words, documents.back().relevances, 10, true);
    const auto against = strongest_words(document.words, documents.back().relevances, 10, false);
    report["samples"].push_back(sample_report(samples, explanation, i));
    report["samples"].back()["words_for"] = for_class;
    report["samples"].back()["words_against"] = against;
    if (!output.print) continue;
    std::cout << render::text_heatmap_terminal(documents.back(), color);
    std::printf("logit f(x) = %.4f; strongest words for:", explanation.outputs[i]);
    for (const auto& [word, r] : for_class) std::printf(" %s %+.3g", word.c_str(), r);
    std::printf("\n                      against:");
    for (const auto& [word, r] : against) std::printf(" %s %+.3g", word.c_str(), r);
    std::printf("\n\n");
  }
  render::TextHeatmapOptions page;
  page.page_title = "glassbox: " + output.method + " on " + output.model_path;
  render::write_text_heatmap_html(output.path, documents, page);
  return report;
}

void write_method_comparison(const std::string& path, const Samples& samples,
                             const std::vector<std::string>& methods,
                             const std::vector<Explanation>& explanations) {
  std::vector<Tensor> inputs;
  render::GridOptions grid;
  grid.columns_per_band = kExamplesPerBand;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    inputs.push_back(image_of(samples.inputs, i));
    if (!explanations.empty()) {
      grid.column_labels.push_back(std::to_string(samples.labels[i]) + "->" +
                                   std::to_string(explanations[0].targets[i]));
    }
  }
  std::vector<render::GridRow> rows;
  for (std::size_t m = 0; m < explanations.size(); ++m) {
    render::GridRow row{methods.at(m), {}};
    for (std::size_t i = 0; i < samples.size(); ++i) {
      row.relevances.push_back(image_of(explanations[m].relevance, i));
    }
    rows.push_back(std::move(row));
  }
  render::write_grid_png(path, inputs, rows, grid);
}

}  // namespace glassbox::explain
