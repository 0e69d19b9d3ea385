#include "framework/training/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "framework/errors.hpp"

namespace glassbox {

Labels predicted_classes(const Tensor& logits) {
  const std::size_t n = logits.shape(0), k = logits.shape(1);
  Labels classes(n);
  for (std::size_t row = 0; row < n; ++row) {
    const float* z = logits.data() + row * k;
    classes[row] = static_cast<int>(std::max_element(z, z + k) - z);
  }
  return classes;
}

ClassificationReport classification_report(const Labels& predicted, const Labels& truth,
                                           std::size_t class_count) {
  if (predicted.size() != truth.size()) {
    throw ArgumentError("classification_report: " + std::to_string(predicted.size()) +
                        " predictions for " + std::to_string(truth.size()) + " labels");
  }
  ClassificationReport report;
  report.samples = truth.size();
  report.confusion.assign(class_count, std::vector<long>(class_count, 0));
  long correct = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    report.confusion.at(static_cast<std::size_t>(truth[i]))
        .at(static_cast<std::size_t>(predicted[i]))++;
    correct += predicted[i] == truth[i];
  }
  report.accuracy = truth.empty() ? 0.0 : static_cast<double>(correct) / truth.size();
  for (std::size_t c = 0; c < class_count; ++c) {
    long total = 0;
    for (long count : report.confusion[c]) total += count;
    report.per_class_accuracy.push_back(total ? static_cast<double>(report.confusion[c][c]) / total
                                              : std::numeric_limits<double>::quiet_NaN());
  }
  return report;
}

ClassificationReport evaluate(Sequential& model, const LabeledData& data, std::size_t batch_size) {
  const Tensor logits = model.predict(data.inputs, batch_size);
  return classification_report(predicted_classes(logits), data.labels, data.class_count());
}

nlohmann::json ClassificationReport::to_json() const {
  nlohmann::json per_class = nlohmann::json::array();
  for (double value : per_class_accuracy) {
    per_class.push_back(std::isnan(value) ? nlohmann::json(nullptr) : nlohmann::json(value));
  }
  return {{"samples", samples},
          {"accuracy", accuracy},
          {"per_class_accuracy", per_class},
          {"confusion_matrix", confusion}};
}

std::string ClassificationReport::to_text(const std::vector<std::string>& class_names) const {
  std::size_t width = 6;
  for (const auto& name : class_names) width = std::max(width, name.size() + 1);
  char cell[64];
  std::string text = "accuracy " + std::to_string(accuracy * 100).substr(0, 5) + "% on " +
                     std::to_string(samples) +
                     " samples\n\nconfusion matrix (rows: true class, "
                     "columns: predicted class)\n";
  text += std::string(width, ' ');
  for (std::size_t c = 0; c < confusion.size(); ++c) {
    std::snprintf(cell, sizeof cell, "%6zu", c);
    text += cell;
  }
  text += "   accuracy\n";
  for (std::size_t t = 0; t < confusion.size(); ++t) {
    const std::string name = t < class_names.size() ? class_names[t] : std::to_string(t);
    text += name + std::string(width - std::min(width, name.size()), ' ');
    for (long count : confusion[t]) {
      std::snprintf(cell, sizeof cell, "%6ld", count);
      text += cell;
    }
    std::snprintf(cell, sizeof cell, "   %6.2f%%\n", per_class_accuracy[t] * 100);
    text += cell;
  }
  return text;
}

}  // namespace glassbox
