// The documents `glassbox explain` explains for a 20 Newsgroups model: test (or training)
// articles by index, or a text file, prepared exactly as the model's file says, with the words a
// reader sees next to their relevance.
//
// What a word's relevance is depends on the model's input (explain/lrp/lrp.hpp):
//   sequences (text CNN)       relevance per token position: token k of the document gets R[k];
//                              tokens past the sequence length T were not read and get 0
//   tfidf, bag-of-words        relevance per vocabulary word v; its c_v occurrences in the
//                              document get R[v] / c_v each, so the words still add up to Σ R;
//                              words outside the vocabulary get 0
//
// Shapes: inputs N×T token ids or N×V features (N documents, T positions, V vocabulary words).
#pragma once

#include <string>
#include <vector>

#include "datasets/newsgroups/text_pipeline.hpp"
#include "explain/render/text_heatmap.hpp"
#include "framework/serialization/model_file.hpp"

namespace glassbox::cli {

struct TextSamples {
  TextPipeline pipeline;
  Tensor inputs;                         // what the model reads, N×T or N×V
  Labels labels;                         // true classes, or −1 for a text file
  std::vector<std::string> names;        // "test #7 (sci.space/61116)", "letter.txt"
  std::vector<std::string> class_names;  // K
  // Each document's words as encoding kept them, in reading order, and for each its vocabulary
  // index or −1 (features.hpp encoded_tokens).
  std::vector<std::vector<std::string>> words;
  std::vector<std::vector<int>> word_indices;
};

// Documents [first, first + count) of `split`, or the UTF-8 text file at `text_path` when it is
// not empty (cleaned as the model's pipeline says, except that a file has no news headers to
// remove). ArgumentError for an index past the split; FileError for an unreadable file.
TextSamples load_text_samples(const ModelFile& model, const std::string& model_path,
                              const std::string& split, std::size_t first, std::size_t count,
                              const std::string& text_path);

// Document n's words with their relevance, as described above; `relevance` is the explanation's
// N×T or N×V relevance.
render::TextExplanation explained_words(const TextSamples& samples, const Tensor& relevance,
                                        std::size_t n, const std::string& title);

// The `count` words of document n with the largest (most_positive) or smallest relevance,
// strongest first, merged per word ("orbit" counted once with its total relevance).
std::vector<std::pair<std::string, float>> strongest_words(const render::TextExplanation& document,
                                                           std::size_t count, bool most_positive);

}  // namespace glassbox::cli
