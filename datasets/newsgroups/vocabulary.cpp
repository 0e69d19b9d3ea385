#include "datasets/newsgroups/vocabulary.hpp"

#include <algorithm>

#include "datasets/newsgroups/stop_words.hpp"
#include "datasets/newsgroups/tokenizer.hpp"
#include "framework/errors.hpp"

namespace glassbox {

Vocabulary Vocabulary::build(const std::vector<std::string>& documents,
                             const VocabularyOptions& options) {
  // Every distinct training token gets a provisional index; df counts each document once, which
  // `last_document` (the last document that counted a token) makes a single comparison.
  WordTable seen;
  std::vector<std::size_t> frequency;
  std::vector<std::size_t> last_document;
  Tokenizer tokenizer;
  for (std::size_t document = 0; document < documents.size(); ++document) {
    for (std::string_view token : tokenizer.tokenize(documents[document])) {
      const auto id = static_cast<std::size_t>(seen.insert(token));
      if (id == frequency.size()) {
        frequency.push_back(0);
        last_document.push_back(document);
        ++frequency[id];
      } else if (last_document[id] != document) {
        last_document[id] = document;
        ++frequency[id];
      }
    }
  }

  std::vector<std::size_t> kept;
  kept.reserve(seen.size());
  for (std::size_t id = 0; id < seen.size(); ++id) {
    if (frequency[id] < options.min_document_frequency) continue;
    if (options.remove_stop_words && is_english_stop_word(seen.word(id))) continue;
    kept.push_back(id);
  }
  auto before = [&](std::size_t first, std::size_t second) {
    if (frequency[first] != frequency[second]) return frequency[first] > frequency[second];
    return seen.word(first) < seen.word(second);
  };
  if (options.max_size > 0 && kept.size() > options.max_size) {
    const auto last = kept.begin() + static_cast<std::ptrdiff_t>(options.max_size);
    std::partial_sort(kept.begin(), last, kept.end(), before);
    kept.erase(last, kept.end());
  } else {
    std::sort(kept.begin(), kept.end(), before);
  }

  Vocabulary vocabulary;
  vocabulary.document_count_ = documents.size();
  vocabulary.stop_words_removed_ = options.remove_stop_words;
  vocabulary.document_frequencies_.reserve(kept.size());
  for (std::size_t id : kept) {
    vocabulary.table_.insert(seen.word(id));
    vocabulary.document_frequencies_.push_back(frequency[id]);
  }
  return vocabulary;
}

Vocabulary::Vocabulary(const std::vector<std::string>& words,
                       std::vector<std::size_t> document_frequencies, std::size_t document_count,
                       bool stop_words_removed)
    : document_frequencies_(std::move(document_frequencies)),
      document_count_(document_count),
      stop_words_removed_(stop_words_removed) {
  if (words.size() != document_frequencies_.size()) {
    throw ArgumentError("a vocabulary of " + std::to_string(words.size()) +
                        " words needs as many "
                        "document frequencies, not " +
                        std::to_string(document_frequencies_.size()));
  }
  for (std::size_t index = 0; index < words.size(); ++index) {
    if (words[index].empty()) {
      throw ArgumentError("vocabulary word " + std::to_string(index) + " is empty");
    }
    if (document_frequencies_[index] > document_count) {
      throw ArgumentError("vocabulary word '" + words[index] + "' has document frequency " +
                          std::to_string(document_frequencies_[index]) + " in " +
                          std::to_string(document_count) + " documents");
    }
    if (table_.insert(words[index]) != static_cast<std::int32_t>(index)) {
      throw ArgumentError("vocabulary word '" + words[index] + "' appears twice");
    }
  }
}

Vocabulary Vocabulary::from_words(const std::vector<std::string>& words, bool stop_words_removed) {
  return Vocabulary(words, std::vector<std::size_t>(words.size(), 0), 0, stop_words_removed);
}

const std::string& Vocabulary::word(std::size_t index) const {
  if (index >= size()) {
    throw ArgumentError("word index " + std::to_string(index) + " is out of range (vocabulary of " +
                        std::to_string(size()) + " words)");
  }
  return table_.word(index);
}

std::size_t Vocabulary::document_frequency(std::size_t index) const {
  word(index);  // range check
  return document_frequencies_[index];
}

}  // namespace glassbox
