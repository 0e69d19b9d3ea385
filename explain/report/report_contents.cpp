#include "explain/report/report_contents.hpp"

#include "framework/errors.hpp"
#include "framework/losses/softmax_cross_entropy.hpp"
#include "framework/training/metrics.hpp"

namespace glassbox::explain {

ReportContents compute_report(Sequential& model, Samples samples, const std::string& model_name,
                              const ReportSettings& settings, const ReportProgress& progress) {
  if (samples.is_text() || samples.inputs.dimension() != 4 || samples.size() == 0) {
    throw ArgumentError(
        "the explorer report is for image models (N×C×H×W samples); text models are not "
        "supported yet");
  }
  ReportContents report;
  report.model_name = model_name;
  model.set_training(false);
  report.probabilities = softmax(model.forward(samples.inputs));
  report.predictions = predicted_classes(report.probabilities);
  report.flipping.low = samples.low;
  report.flipping.high = samples.high;

  const std::vector<ReportMethod> methods = report_methods(settings);
  const std::size_t steps = methods.size() + 1;
  for (std::size_t m = 0; m < methods.size(); ++m) {
    if (progress) progress(m + 1, steps, methods[m].id);
    ReportMap map{methods[m], methods[m].explain(model, samples), {}};
    map.flipping = pixel_flipping(model, samples.inputs, map.explanation.relevance,
                                  map.explanation.targets, report.flipping);
    report.maps.push_back(std::move(map));
  }
  if (progress) progress(steps, steps, "random order");
  report.random_flipping =
      pixel_flipping(model, samples.inputs, random_order(samples.inputs, report.flipping.seed + 1),
                     report.predictions, report.flipping);
  report.samples = std::move(samples);
  return report;
}

}  // namespace glassbox::explain
