// What an explorer report holds, computed: for N image samples (or documents) of a model, their
// probabilities, every map of report_methods.hpp with its conservation table, and each map's
// pixel-flipping curve over the N samples (evaluation/pixel_flipping.hpp; for documents the
// word-deletion curve, evaluation/word_deletion.hpp, of the explained class's most relevant words)
// beside a random order's. report_json.hpp turns it into the page's data.
//
// Shapes: samples.inputs N×C×H×W or N×F (F tf-idf words or token positions); probabilities N×K;
// each map's relevance the inputs' shape (N samples, K classes).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "explain/evaluation/pixel_flipping.hpp"
#include "explain/evaluation/word_deletion.hpp"
#include "explain/report/report_methods.hpp"

namespace glassbox::explain {

struct ReportMap {
  ReportMethod method;
  LrpExplanation explanation;  // relevance, targets, logits; conservation for LRP methods
  FlippingCurve flipping;      // mean over the N samples (documents: words deleted)
};

struct ReportContents {
  std::string model_name;
  Samples samples;
  Tensor probabilities;  // softmax of the logits, N×K
  Labels predictions;    // N
  std::vector<ReportMap> maps;
  FlippingOptions flipping;       // images
  DeletionOptions deletion;       // documents: the explained class's most relevant words first
  FlippingCurve random_flipping;  // the baseline: regions destroyed in a random order
};

// Called before each step with the step's number (from 1), the number of steps and what it does.
using ReportProgress =
    std::function<void(std::size_t step, std::size_t steps, const std::string& what)>;

// Every map of report_methods(settings) on `samples`, each explaining the predicted class, and
// their pixel-flipping curves (documents: word deletion, without the images_only maps).
// ArgumentError for samples that are neither images (N×C×H×W) nor documents (N×F), or none.
ReportContents compute_report(Sequential& model, Samples samples, const std::string& model_name,
                              const ReportSettings& settings = {},
                              const ReportProgress& progress = nullptr);

}  // namespace glassbox::explain
