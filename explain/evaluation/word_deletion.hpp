// Word deletion: pixel flipping for documents (pixel_flipping.hpp; docs/math/evaluation.md,
// eqs. (2)–(3)). Does the true class's score fall fastest when the words an explanation calls most
// relevant are deleted first?
//
//   1. the words of document n are its input features that are not 0: the vocabulary words it
//      contains (tf-idf or counts, N×V) or its token positions that are not padding (token ids,
//      N×T; id 0 is padding, whose embedding is the zero vector);
//   2. order them by the relevance R of the true class c_n: most relevant first (for documents the
//      model classifies correctly), or most negative first (for misclassified ones: the words that
//      speak against the true class);
//   3. step k = 1 … L: delete the next `words_per_step` words of every document, i.e. set their
//      feature to 0 (absent word, padding id), and record the true class's logit f_c(x⁽ᵏ⁾) and
//      the accuracy. A document with fewer words than k · words_per_step has none left to lose;
//   4. summarise a curve by the area over it, as pixel flipping does,
//
//        AOPC = 1/(L + 1) · Σ_{k=0..L} ⟨ f_c(x⁽⁰⁾) − f_c(x⁽ᵏ⁾) ⟩                           (3)
//
//      positive when the deleted words carried evidence for c (the correct documents, most
//      relevant first), negative when they carried evidence against it (the misclassified ones,
//      most negative first: deleting them should *raise* the score and the accuracy).
//
// The random order is random_order() of pixel_flipping.hpp used as the relevance: the document's
// own words in a seeded random order, the baseline any explanation should beat.
//
// A deleted tf-idf word leaves the others' values as they were (no renormalisation), so on a
// linear model deleting word v lowers f_c by exactly w_vc x_v.
//
// Shapes: inputs N×F (F = V vocabulary words or T token positions); relevance N×F; true classes N;
// curves L + 1 values (N documents, L steps).
#pragma once

#include "explain/evaluation/pixel_flipping.hpp"

namespace glassbox::explain {

enum class DeletionOrder {
  most_relevant_first,  // correctly classified documents: the evidence for c goes first
  most_negative_first,  // misclassified ones: the evidence against c goes first
};

struct DeletionOptions {
  DeletionOrder order = DeletionOrder::most_relevant_first;
  std::size_t words_per_step = 1;  // words deleted per step
  std::size_t steps = 10;          // L; 0: until the longest document has no word left
};

// The curve of steps 1–4 over the documents listed (indices into N; documents_classified picks
// them). FlippingCurve's fields read: regions_flipped = words deleted per document
// (k · words_per_step), mean_logit = ⟨f_c⟩ of the true class, still_predicted = the accuracy (the
// share of documents still, or now, classified as c). Throws ArgumentError when the inputs are
// not N×F, the relevance does not have their shape, the list is empty or names no document, a
// true class is out of range, or words_per_step is 0.
FlippingCurve word_deletion(Sequential& model, const Tensor& inputs, const Tensor& relevance,
                            const Labels& true_classes, const std::vector<std::size_t>& documents,
                            const DeletionOptions& options = {});

// The documents (indices into N, ascending) whose predicted class equals (`correct`) or differs
// from their true class: the groups the two orders are meant for.
std::vector<std::size_t> documents_classified(Sequential& model, const Tensor& inputs,
                                              const Labels& true_classes, bool correct);

// Both experiments of step 2 at once: the correctly classified documents with the most relevant
// words first, and the misclassified ones with the most negative first (an empty curve, with no
// values, for a group without documents). `options.order` is ignored.
struct DeletionByOutcome {
  FlippingCurve correct, misclassified;
  std::size_t correct_documents = 0, misclassified_documents = 0;
};
DeletionByOutcome word_deletion_by_outcome(Sequential& model, const Tensor& inputs,
                                           const Tensor& relevance, const Labels& true_classes,
                                           const DeletionOptions& options = {});

}  // namespace glassbox::explain
