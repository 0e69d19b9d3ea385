// What the training loop asks of a classification loss: the mean loss of a batch of logits
// against their labels, and the gradient of that mean with respect to the logits.
//
// Shapes: logits z N×K, labels y N (class indices in [0, K)), gradient dL/dz N×K
// (N samples, K classes).
//
// Two implementations: SoftmaxCrossEntropy (softmax_cross_entropy.hpp), the default, and
// MulticlassHinge (multiclass_hinge.hpp), which makes a linear model a linear SVM.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "framework/tensor.hpp"

namespace glassbox {

class ClassificationLoss {
 public:
  virtual ~ClassificationLoss() = default;

  // The name make_classification_loss takes: "cross-entropy", "hinge".
  virtual std::string name() const = 0;

  // Returns the mean loss over the batch; throws ArgumentError on mismatched sizes or labels
  // outside [0, K).
  virtual float forward(const Tensor& logits, const Labels& labels) = 0;

  // dL/d(logits) of the last forward call, N×K.
  virtual const Tensor& backward() const = 0;
};

// "cross-entropy" (SoftmaxCrossEntropy) or "hinge" (MulticlassHinge with margin 1). Throws
// ArgumentError naming the known losses otherwise.
std::unique_ptr<ClassificationLoss> make_classification_loss(const std::string& name);

// The names make_classification_loss accepts, for help texts.
std::vector<std::string> classification_loss_names();

// Throws ArgumentError, starting with `loss`, unless `logits` is N×K with N = labels.size() ≥ 1
// and every label is in [0, K).
void require_logits_and_labels(const std::string& loss, const Tensor& logits, const Labels& labels);

}  // namespace glassbox
