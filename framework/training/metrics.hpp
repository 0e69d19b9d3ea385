// Classification metrics: accuracy, per-class accuracy and the confusion matrix.
//
// Shapes: logits N×K, labels N. confusion[t][p] counts samples of true class t predicted as p.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "framework/dataset.hpp"
#include "framework/sequential.hpp"

namespace glassbox {

struct ClassificationReport {
  std::size_t samples = 0;
  double accuracy = 0.0;
  std::vector<double> per_class_accuracy;    // K entries; NaN for a class with no samples
  std::vector<std::vector<long>> confusion;  // K×K, rows true class, columns predicted

  nlohmann::json to_json() const;
  // A readable table: per-class accuracy and the confusion matrix, rows labelled by class name.
  std::string to_text(const std::vector<std::string>& class_names) const;
};

// Index of the largest logit in each row (the first one on ties).
Labels predicted_classes(const Tensor& logits);

ClassificationReport classification_report(const Labels& predicted, const Labels& truth,
                                           std::size_t class_count);

// Runs the model over the whole dataset in evaluation mode and scores it.
ClassificationReport evaluate(Sequential& model, const LabeledData& data,
                              std::size_t batch_size = 500);

}  // namespace glassbox
