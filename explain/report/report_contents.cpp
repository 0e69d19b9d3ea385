#include "explain/report/report_contents.hpp"

#include <numeric>

#include "framework/errors.hpp"
#include "framework/losses/softmax_cross_entropy.hpp"
#include "framework/training/metrics.hpp"

namespace glassbox::explain {

ReportContents compute_report(Sequential& model, Samples samples, const std::string& model_name,
                              const ReportSettings& settings, const ReportProgress& progress) {
  const bool text = samples.is_text();
  if (samples.size() == 0 || samples.inputs.dimension() != (text ? 2u : 4u)) {
    throw ArgumentError(
        "the explorer report needs images (N×C×H×W samples) or documents (N×F), got " +
        std::to_string(samples.size()) + " samples of " +
        std::to_string(samples.inputs.dimension()) + " axes");
  }
  ReportContents report;
  report.model_name = model_name;
  model.set_training(false);
  report.probabilities = softmax(model.forward(samples.inputs));
  report.predictions = predicted_classes(report.probabilities);
  report.flipping.low = samples.low;
  report.flipping.high = samples.high;

  std::vector<ReportMethod> methods;
  for (ReportMethod& method : report_methods(settings)) {
    if (!(text && method.images_only)) methods.push_back(std::move(method));
  }
  std::vector<std::size_t> every_document(samples.size());
  std::iota(every_document.begin(), every_document.end(), 0);
  report.deletion.steps = 20;
  // The curve of one order: pixel flipping for images, word deletion for documents.
  const auto curve_of = [&](const Tensor& relevance, const Labels& targets) {
    return text ? word_deletion(model, samples.inputs, relevance, targets, every_document,
                                report.deletion)
                : pixel_flipping(model, samples.inputs, relevance, targets, report.flipping);
  };
  const std::size_t steps = methods.size() + 1;
  for (std::size_t m = 0; m < methods.size(); ++m) {
    if (progress) progress(m + 1, steps, methods[m].id);
    ReportMap map{methods[m], methods[m].explain(model, samples), {}};
    map.flipping = curve_of(map.explanation.relevance, map.explanation.targets);
    report.maps.push_back(std::move(map));
  }
  if (progress) progress(steps, steps, "random order");
  report.random_flipping =
      curve_of(random_order(samples.inputs, report.flipping.seed + 1), report.predictions);
  report.samples = std::move(samples);
  return report;
}

}  // namespace glassbox::explain
