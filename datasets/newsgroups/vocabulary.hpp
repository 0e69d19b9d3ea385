// Vocabulary: the words that become features, each with a fixed index, chosen on the training
// split only (so nothing about the test split leaks into the features).
//
// V words, indexed 0..V-1 in a deterministic order: by document frequency on the training
// documents, highest first, ties by the word's bytes in ascending order (UTF-8 byte order is code
// point order). Index 0 is the most widespread word; keeping the first k words is the same as
// building with max_size = k.
//
// Selection, in this order:
//   1. tokens as tokenizer.hpp defines them;
//   2. document frequency df(w) = the number of training documents containing w at least once;
//      words with df(w) < min_document_frequency are dropped (0 and 1 both keep every word);
//   3. with remove_stop_words, the words of english_stop_words() are dropped;
//   4. with max_size > 0, only the first max_size words of the order above are kept.
// Every index keeps its word: word(i) and index(word) are inverses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "datasets/newsgroups/word_table.hpp"

namespace glassbox {

struct VocabularyOptions {
  std::size_t min_document_frequency = 1;  // df threshold; 1 keeps every word seen
  std::size_t max_size = 0;                // V at most this; 0 = no limit
  bool remove_stop_words = false;          // drop english_stop_words()
};

class Vocabulary {
 public:
  static constexpr std::int32_t kNotInVocabulary = -1;

  Vocabulary() = default;

  // Tokenizes `documents` (the training split, already cleaned) and selects the words as above.
  static Vocabulary build(const std::vector<std::string>& documents,
                          const VocabularyOptions& options = {});

  // A given vocabulary, in the given order: distinct non-empty words, one document frequency each,
  // each at most `document_count`. ArgumentError otherwise.
  Vocabulary(const std::vector<std::string>& words, std::vector<std::size_t> document_frequencies,
             std::size_t document_count, bool stop_words_removed = false);

  // A saved word list (a model file's), in its order, for encoding documents only: the document
  // frequencies are not known and read as 0, with a document count of 0. ArgumentError for an
  // empty or repeated word.
  static Vocabulary from_words(const std::vector<std::string>& words,
                               bool stop_words_removed = false);

  std::size_t size() const { return table_.size(); }

  // The word at `index`; ArgumentError when index >= size().
  const std::string& word(std::size_t index) const;

  // The index of `word` (lower-cased, as the tokenizer gives it), or kNotInVocabulary.
  std::int32_t index(std::string_view word) const { return table_.find(word); }
  bool contains(std::string_view word) const { return index(word) != kNotInVocabulary; }

  const std::vector<std::string>& words() const { return table_.words(); }

  // df of the word at `index` on the training documents; ArgumentError when out of range.
  std::size_t document_frequency(std::size_t index) const;
  const std::vector<std::size_t>& document_frequencies() const { return document_frequencies_; }

  // n: how many training documents the frequencies were counted on (for idf).
  std::size_t document_count() const { return document_count_; }

  // Whether the stop words were left out on purpose (encode_documents then drops them rather
  // than calling them out of vocabulary).
  bool stop_words_removed() const { return stop_words_removed_; }

 private:
  WordTable table_;
  std::vector<std::size_t> document_frequencies_;
  std::size_t document_count_ = 0;
  bool stop_words_removed_ = false;
};

}  // namespace glassbox
