#include "explain/evaluation/word_deletion.hpp"

#include <algorithm>
#include <numeric>
#include <string>

#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"
#include "framework/training/metrics.hpp"

namespace glassbox::explain {
namespace {

// The features of one document that hold a word (step 1), in the order step 2 deletes them; ties
// keep the earlier feature first, so a linear model's curve is reproducible by hand.
std::vector<std::size_t> deletion_order(const float* input, const float* relevance,
                                        std::size_t features, DeletionOrder order) {
  std::vector<std::size_t> words;
  for (std::size_t i = 0; i < features; ++i) {
    if (input[i] != 0.0f) words.push_back(i);
  }
  std::stable_sort(words.begin(), words.end(), [&](std::size_t a, std::size_t b) {
    return order == DeletionOrder::most_relevant_first ? relevance[a] > relevance[b]
                                                       : relevance[a] < relevance[b];
  });
  return words;
}

void check_arguments(const Tensor& inputs, const Tensor& relevance, const Labels& true_classes,
                     const std::vector<std::size_t>& documents, const DeletionOptions& options) {
  if (inputs.dimension() != 2 || shape_of(relevance) != shape_of(inputs)) {
    throw ArgumentError("word deletion: expects N×F inputs and relevance of their shape, got " +
                        shape_to_string(shape_of(inputs)) + " and " +
                        shape_to_string(shape_of(relevance)));
  }
  if (true_classes.size() != inputs.shape(0)) {
    throw ArgumentError("word deletion: " + std::to_string(true_classes.size()) +
                        " true classes for " + std::to_string(inputs.shape(0)) + " documents");
  }
  if (options.words_per_step == 0) {
    throw ArgumentError("word deletion: words_per_step must be at least 1");
  }
  if (documents.empty()) throw ArgumentError("word deletion: no documents to delete words from");
  for (const std::size_t n : documents) {
    if (n >= inputs.shape(0)) {
      throw ArgumentError("word deletion: document " + std::to_string(n) + " of " +
                          std::to_string(inputs.shape(0)));
    }
  }
}

}  // namespace

FlippingCurve word_deletion(Sequential& model, const Tensor& inputs, const Tensor& relevance,
                            const Labels& true_classes, const std::vector<std::size_t>& documents,
                            const DeletionOptions& options) {
  check_arguments(inputs, relevance, true_classes, documents, options);
  const std::size_t features = inputs.shape(1), count = documents.size();

  // The listed documents as one batch, and each one's words in the order they are deleted.
  Tensor current = Tensor::from_shape({count, features});
  std::vector<std::vector<std::size_t>> orders;
  std::size_t longest = 0;
  for (std::size_t d = 0; d < count; ++d) {
    const float* row = inputs.data() + documents[d] * features;
    std::copy(row, row + features, current.data() + d * features);
    orders.push_back(
        deletion_order(row, relevance.data() + documents[d] * features, features, options.order));
    longest = std::max(longest, orders.back().size());
  }
  const std::size_t all_steps = (longest + options.words_per_step - 1) / options.words_per_step;
  const std::size_t steps = options.steps == 0 ? all_steps : options.steps;

  FlippingCurve curve;
  for (std::size_t k = 0; k <= steps; ++k) {
    if (k > 0) {  // step k deletes positions [first, last) of each document's order
      const std::size_t first = (k - 1) * options.words_per_step;
      for (std::size_t d = 0; d < count; ++d) {
        const std::size_t last = std::min(first + options.words_per_step, orders[d].size());
        for (std::size_t position = first; position < last; ++position) {
          current.data()[d * features + orders[d][position]] = 0.0f;
        }
      }
    }
    const Tensor logits = model.predict(current);
    const std::size_t classes = logits.shape(1);
    double logit_total = 0.0, correct = 0.0;
    for (std::size_t d = 0; d < count; ++d) {
      const int c = true_classes[documents[d]];
      if (c < 0 || static_cast<std::size_t>(c) >= classes) {
        throw ArgumentError("word deletion: true class " + std::to_string(c) +
                            " is not a class of the model");
      }
      const float* row = logits.data() + d * classes;
      logit_total += row[c];
      correct += std::max_element(row, row + classes) - row == c ? 1.0 : 0.0;
    }
    curve.regions_flipped.push_back(static_cast<double>(k * options.words_per_step));
    curve.mean_logit.push_back(logit_total / static_cast<double>(count));
    curve.still_predicted.push_back(correct / static_cast<double>(count));
  }
  for (const double logit : curve.mean_logit) curve.aopc += curve.mean_logit.front() - logit;
  curve.aopc /= static_cast<double>(curve.mean_logit.size());
  return curve;
}

std::vector<std::size_t> documents_classified(Sequential& model, const Tensor& inputs,
                                              const Labels& true_classes, bool correct) {
  const Labels predicted = predicted_classes(model.predict(inputs));
  if (predicted.size() != true_classes.size()) {
    throw ArgumentError("documents_classified: " + std::to_string(true_classes.size()) +
                        " true classes for " + std::to_string(predicted.size()) + " documents");
  }
  std::vector<std::size_t> chosen;
  for (std::size_t n = 0; n < predicted.size(); ++n) {
    if ((predicted[n] == true_classes[n]) == correct) chosen.push_back(n);
  }
  return chosen;
}

DeletionByOutcome word_deletion_by_outcome(Sequential& model, const Tensor& inputs,
                                           const Tensor& relevance, const Labels& true_classes,
                                           const DeletionOptions& options) {
  DeletionByOutcome result;
  DeletionOptions chosen = options;
  const auto correct = documents_classified(model, inputs, true_classes, true);
  result.correct_documents = correct.size();
  if (!correct.empty()) {
    chosen.order = DeletionOrder::most_relevant_first;
    result.correct = word_deletion(model, inputs, relevance, true_classes, correct, chosen);
  }
  const auto wrong = documents_classified(model, inputs, true_classes, false);
  result.misclassified_documents = wrong.size();
  if (!wrong.empty()) {
    chosen.order = DeletionOrder::most_negative_first;
    result.misclassified = word_deletion(model, inputs, relevance, true_classes, wrong, chosen);
  }
  return result;
}

}  // namespace glassbox::explain
