#include "explain/report/report_json.hpp"

#include <cstdio>
#include <cstdlib>

#include "explain/render/colormap.hpp"
#include "explain/report/float_base64.hpp"
#include "explain/text_relevance.hpp"

namespace glassbox::explain {
namespace {

// Sample n of an N×C×H×W batch as an H×W map, its channels combined by `per_channel_weight`
// (1: summed, 1/C: averaged).
Tensor sample_map(const Tensor& batch, std::size_t n, float per_channel_weight) {
  const std::size_t channels = batch.shape(1), height = batch.shape(2), width = batch.shape(3);
  Tensor map = xt::zeros<float>({height, width});
  const float* sample = batch.data() + n * channels * height * width;
  for (std::size_t c = 0; c < channels; ++c) {
    for (std::size_t i = 0; i < height * width; ++i) {
      map.data()[i] += per_channel_weight * sample[c * height * width + i];
    }
  }
  return map;
}

std::string base64_of(const Tensor& map) {
  return float32_base64(map.data(), map.size());
}

// A number to 7 significant digits, about what a float holds, instead of the 17 of the double it
// was converted to: probabilities, sums and curves stay short in data.js. (The maps themselves
// are exact, in base64.)
double rounded_for_json(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.7g", value);
  return std::strtod(text, nullptr);
}

nlohmann::json rounded(const std::vector<double>& values) {
  nlohmann::json list = nlohmann::json::array();
  for (const double value : values) list.push_back(rounded_for_json(value));
  return list;
}

Tensor image_intensities(const Samples& samples, std::size_t n);

// A document's words and the input feature each filled (framework/samples.hpp, Document).
nlohmann::json document_json(const Document& document) {
  return {{"words", document.words}, {"features", document.features}};
}

nlohmann::json sample_json(const ReportContents& report, std::size_t n) {
  const Samples& samples = report.samples;
  std::vector<double> probabilities;
  for (std::size_t k = 0; k < report.probabilities.shape(1); ++k) {
    probabilities.push_back(report.probabilities(n, k));
  }
  nlohmann::json json = {{"name", samples.names.at(n)},
                         {"label", samples.labels.at(n)},
                         {"prediction", report.predictions.at(n)},
                         {"probabilities", rounded(probabilities)}};
  if (samples.is_text()) {
    json["document"] = document_json(samples.documents.at(n));
  } else {
    json["input"] = base64_of(image_intensities(samples, n));
  }
  return json;
}

// Image n as H×W intensities in [0, 1], its channels averaged.
Tensor image_intensities(const Samples& samples, std::size_t n) {
  const float channels = static_cast<float>(samples.inputs.shape(1));
  Tensor intensities = sample_map(samples.inputs, n, 1.0f / channels);
  const float range = samples.high - samples.low;
  for (float& value : intensities) value = (value - samples.low) / range;
  return intensities;
}

nlohmann::json conservation_json(const ConservationTable& table) {
  if (table.layers.empty()) return nullptr;  // not an LRP method
  nlohmann::json totals = nlohmann::json::array();
  for (const std::vector<double>& row : table.totals) totals.push_back(rounded(row));
  return {{"layers", table.layers}, {"kept_by", table.kept_by}, {"totals", totals}};
}

nlohmann::json flipping_json(const FlippingCurve& curve) {
  return {{"aopc", rounded_for_json(curve.aopc)}, {"mean_logit", rounded(curve.mean_logit)}};
}

nlohmann::json map_json(const ReportMap& map, const Samples& samples) {
  const LrpExplanation& explanation = map.explanation;
  nlohmann::json per_sample = nlohmann::json::array();
  for (std::size_t n = 0; n < explanation.targets.size(); ++n) {
    // An image's H×W map (channels summed), or a document's W words, each with its share of its
    // feature's relevance as `glassbox explain` colours them (text_relevance.hpp).
    const Tensor relevance = samples.is_text() ? word_relevance(explanation.relevance, n,
                                                                samples.documents.at(n).features)
                                               : sample_map(explanation.relevance, n, 1.0f);
    double sum = 0.0;
    for (const float value : relevance) sum += value;
    per_sample.push_back({{"relevance", base64_of(relevance)},
                          {"limit", render::symmetric_limit(relevance)},
                          {"sum", rounded_for_json(sum)},
                          {"target", explanation.targets[n]},
                          {"logit", rounded_for_json(explanation.outputs.at(n))}});
  }
  return {{"id", map.method.id},
          {"family", map.method.family},
          {"value", rounded_for_json(map.method.value)},
          {"samples", per_sample},
          {"conservation", conservation_json(explanation.conservation)},
          {"flipping", flipping_json(map.flipping)}};
}

// The families in the order their first map comes, each with its maps' indices.
nlohmann::json families_json(const std::vector<ReportMap>& maps) {
  nlohmann::json families = nlohmann::json::array();
  for (std::size_t m = 0; m < maps.size(); ++m) {
    const ReportMethod& method = maps[m].method;
    if (families.empty() || families.back()["id"] != method.family) {
      families.push_back({{"id", method.family},
                          {"label", method.label},
                          {"parameter", method.parameter},
                          {"description", method.description},
                          {"maps", nlohmann::json::array()}});
    }
    families.back()["maps"].push_back(m);
  }
  return families;
}

}  // namespace

nlohmann::json report_json(const ReportContents& report) {
  const Samples& samples = report.samples;
  const bool text = samples.is_text();
  nlohmann::json json = {{"model", report.model_name},
                         {"kind", text ? "text" : "images"},
                         {"height", text ? 0 : samples.inputs.shape(2)},
                         {"width", text ? 0 : samples.inputs.shape(3)},
                         {"class_names", samples.class_names},
                         {"samples", nlohmann::json::array()},
                         {"families", families_json(report.maps)},
                         {"maps", nlohmann::json::array()}};
  for (std::size_t n = 0; n < samples.size(); ++n)
    json["samples"].push_back(sample_json(report, n));
  for (const ReportMap& map : report.maps) json["maps"].push_back(map_json(map, samples));
  json["flipping"] = {
      {"patch", text ? 0 : report.flipping.patch},
      {"per_step", text ? report.deletion.words_per_step : report.flipping.regions_per_step},
      {"regions",
       report.maps.empty() ? std::vector<double>{} : report.maps[0].flipping.regions_flipped},
      {"random", flipping_json(report.random_flipping)}};
  return json;
}

}  // namespace glassbox::explain
