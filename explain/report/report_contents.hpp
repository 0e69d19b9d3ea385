// What an explorer report holds, computed: for N image samples of a model, their probabilities,
// every map of report_methods.hpp with its conservation table, and each map's pixel-flipping curve
// over the N samples (evaluation/pixel_flipping.hpp) beside a random order's. report_json.hpp
// turns it into the page's data.
//
// Shapes: samples.inputs N×C×H×W; probabilities N×K; each map's relevance N×C×H×W (N samples,
// K classes).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "explain/evaluation/pixel_flipping.hpp"
#include "explain/report/report_methods.hpp"

namespace glassbox::explain {

struct ReportMap {
  ReportMethod method;
  LrpExplanation explanation;  // relevance, targets, logits; conservation for LRP methods
  FlippingCurve flipping;      // mean over the N samples
};

struct ReportContents {
  std::string model_name;
  Samples samples;
  Tensor probabilities;  // softmax of the logits, N×K
  Labels predictions;    // N
  std::vector<ReportMap> maps;
  FlippingOptions flipping;
  FlippingCurve random_flipping;  // the baseline: regions destroyed in a random order
};

// Called before each step with the step's number (from 1), the number of steps and what it does.
using ReportProgress =
    std::function<void(std::size_t step, std::size_t steps, const std::string& what)>;

// Every map of report_methods(settings) on `samples`, each explaining the predicted class, and
// their pixel-flipping curves. ArgumentError for samples that are not images (N×C×H×W).
ReportContents compute_report(Sequential& model, Samples samples, const std::string& model_name,
                              const ReportSettings& settings = {},
                              const ReportProgress& progress = nullptr);

}  // namespace glassbox::explain
