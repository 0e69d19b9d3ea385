#include "framework/losses/classification_loss.hpp"

#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"
#include "framework/losses/multiclass_hinge.hpp"
#include "framework/losses/softmax_cross_entropy.hpp"

namespace glassbox {

std::unique_ptr<ClassificationLoss> make_classification_loss(const std::string& name) {
  if (name == "cross-entropy") return std::make_unique<SoftmaxCrossEntropy>();
  if (name == "hinge") return std::make_unique<MulticlassHinge>();
  throw ArgumentError("unknown loss \"" + name + "\" (cross-entropy, hinge)");
}

std::vector<std::string> classification_loss_names() {
  return {"cross-entropy", "hinge"};
}

void require_logits_and_labels(const std::string& loss, const Tensor& logits,
                               const Labels& labels) {
  if (logits.dimension() != 2 || logits.shape(0) != labels.size() || labels.empty()) {
    throw ArgumentError(loss + " needs N×K logits and N labels, got logits " +
                        shape_to_string(shape_of(logits)) + " and " +
                        std::to_string(labels.size()) + " labels");
  }
  const std::size_t classes = logits.shape(1);
  for (const int label : labels) {
    if (label < 0 || static_cast<std::size_t>(label) >= classes) {
      throw ArgumentError(loss + ": label " + std::to_string(label) + " is outside [0, " +
                          std::to_string(classes) + ")");
    }
  }
}

}  // namespace glassbox
