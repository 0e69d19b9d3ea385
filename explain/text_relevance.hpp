// The relevance of each word of a document, from an explanation's relevance of the model's inputs
// (explanation.hpp): each word gets its share of the relevance of the input feature it filled,
//
//   R(word k) = R_i / c_i    i the feature word k filled, c_i the words of the document that
//                            filled it; 0 for a word that filled none
//
// so the words add up to the relevance of the features they filled. For token ids (a text CNN)
// feature i is position i, filled by one word: the word gets R_i. For tf-idf or counts it is
// vocabulary word i, filled by each of its c_i occurrences (framework/samples.hpp, Document).
//
// Shapes: relevance N×F (F inputs per document: T positions or V vocabulary words); a document's
// word features W indices in [−1, F).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "framework/tensor.hpp"

namespace glassbox::explain {

// R(word k) for the W words of document n whose features are `word_features`: a 1-D tensor of W.
// ArgumentError for a feature index outside [−1, F).
Tensor word_relevance(const Tensor& relevance, std::size_t n,
                      const std::vector<int>& word_features);

// The `count` words with the largest (most_positive) or smallest relevance, strongest first; a
// word that occurs several times counts once, with the sum of its occurrences' relevance. Words
// whose sum is 0, or of the other sign, are left out.
std::vector<std::pair<std::string, float>> strongest_words(const std::vector<std::string>& words,
                                                           const Tensor& word_relevance,
                                                           std::size_t count, bool most_positive);

}  // namespace glassbox::explain
