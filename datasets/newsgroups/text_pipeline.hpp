// The recipe that turns 20 Newsgroups articles into a model's inputs, as a model file records it.
// Evaluation and explanation rebuild from it exactly the features the model was trained on, from
// the articles alone: no vocabulary is rebuilt and the training split is not read.
//
// Shapes: a split of N documents becomes N×V sparse features (tfidf, bag-of-words; V vocabulary
// words) or N×T token ids (sequences; T positions, ids as in features.hpp).
//
// In a model file it is the metadata key "text_features":
//   {"kind": "tfidf" | "bag-of-words" | "sequences",
//    "cleaning": {"headers": bool, "footers": bool, "quotes": bool},   what was removed
//    "stop_words_removed": bool,
//    "words": [V words, in vocabulary index order],
//    "idf": [V numbers],        tfidf only: idf(t) as computed on the training split (features.hpp)
//    "sublinear_tf": bool,      tfidf only
//    "sequence_length": T}      sequences only
// The idf weights are stored rather than recomputed, so the features do not depend on how the
// document frequencies were counted. A V of 30,000 adds about 1 MB to the file.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "datasets/newsgroups/archive_reader.hpp"
#include "datasets/newsgroups/newsgroups.hpp"
#include "framework/samples.hpp"

namespace glassbox {

struct TextPipeline {
  TextFeatures features = TextFeatures::tfidf;
  CleaningOptions cleaning;
  bool stop_words_removed = false;
  std::vector<std::string> words;   // V, in index order
  std::vector<double> idf;          // V for tfidf, else empty
  bool sublinear_tf = false;        // tfidf only
  std::size_t sequence_length = 0;  // T for sequences, else 0

  // One sample's shape as a model sees it: [V], or [T] for sequences.
  Shape sample_shape() const;
};

// The pipeline load_newsgroups followed to make `data` with `options`.
TextPipeline text_pipeline_of(const Newsgroups& data, const NewsgroupsOptions& options);

// The "text_features" object described above.
nlohmann::json text_pipeline_to_json(const TextPipeline& pipeline);

// Reads it back. Throws FileError(`source`, problem, key path under `position`) for anything
// missing, of the wrong kind or inconsistent (V idf weights for V words, T ≥ 1, no empty or
// repeated word).
TextPipeline text_pipeline_from_json(const nlohmann::json& value, const std::string& source,
                                     const std::string& position = "metadata.text_features");

// The pipeline's words as a Vocabulary for encoding (document frequencies unknown).
Vocabulary pipeline_vocabulary(const TextPipeline& pipeline);

// split.features (tfidf, bag-of-words) or split.sequences from split.texts, which must be cleaned
// as pipeline.cleaning says; `vocabulary` is pipeline_vocabulary(pipeline).
void make_pipeline_features(const TextPipeline& pipeline, const Vocabulary& vocabulary,
                            NewsgroupsSplit& split);

// A document as the model reads it, for showing its explanation: the words its encoding keeps
// (encoded_tokens) and, for each, the input feature it fills: its position k for sequences (−1
// from the sequence length on), its vocabulary index for tf-idf and bag-of-words (−1 outside the
// vocabulary). `text` must be cleaned as pipeline.cleaning says; `vocabulary` is the one the
// features are made with (pipeline_vocabulary(pipeline), or the loader's).
Document document_as_read(const std::string& text, const TextPipeline& pipeline,
                          const Vocabulary& vocabulary);

// Reads one split (BydateSplits::train or ::test) from `data_directory` (empty:
// find_data_directory()), keeps its `subset`, cleans it and makes its features with `pipeline`.
// The result has that split, the class names, the source and the vocabulary of the pipeline's
// words; the other split is empty. keep_texts keeps the cleaned texts (to show beside
// explanations). ArgumentError for BydateSplits::both or an impossible subset.
Newsgroups load_newsgroups_with(const TextPipeline& pipeline, BydateSplits split,
                                const Subset& subset = {}, const std::string& data_directory = "",
                                bool keep_texts = false);

}  // namespace glassbox
