#include "datasets/newsgroups/features.hpp"

#include <algorithm>
#include <cmath>

#include "datasets/newsgroups/stop_words.hpp"
#include "datasets/newsgroups/tokenizer.hpp"
#include "framework/errors.hpp"

namespace glassbox {

namespace {

// Calls keep(token, index) for each token of `document` that encoding keeps, in order, with its
// vocabulary index or Vocabulary::kNotInVocabulary.
template <class Keep>
void for_each_kept_token(Tokenizer& tokenizer, const std::string& document,
                         const Vocabulary& vocabulary, Keep keep) {
  const bool drop_stop_words = vocabulary.stop_words_removed();
  for (std::string_view token : tokenizer.tokenize(document)) {
    const std::int32_t index = vocabulary.index(token);
    // Only a miss can be a stop word, so the list is searched for misses alone.
    if (index == Vocabulary::kNotInVocabulary && drop_stop_words && is_english_stop_word(token)) {
      continue;
    }
    keep(token, index);
  }
}

}  // namespace

EncodedDocuments encode_documents(const std::vector<std::string>& documents,
                                  const Vocabulary& vocabulary) {
  EncodedDocuments encoded;
  encoded.offsets.reserve(documents.size() + 1);
  Tokenizer tokenizer;
  for (const std::string& document : documents) {
    for_each_kept_token(tokenizer, document, vocabulary, [&](std::string_view, std::int32_t index) {
      encoded.ids.push_back(index == Vocabulary::kNotInVocabulary ? kOutOfVocabulary : index);
    });
    encoded.offsets.push_back(encoded.ids.size());
  }
  return encoded;
}

std::vector<std::string> encoded_tokens(const std::string& document, const Vocabulary& vocabulary) {
  std::vector<std::string> tokens;
  Tokenizer tokenizer;
  for_each_kept_token(tokenizer, document, vocabulary,
                      [&](std::string_view token, std::int32_t) { tokens.emplace_back(token); });
  return tokens;
}

std::vector<TextSpan> encoded_token_spans(const std::string& document,
                                          const Vocabulary& vocabulary) {
  std::vector<TextSpan> spans;
  Tokenizer tokenizer;
  for_each_kept_token(tokenizer, document, vocabulary, [&](std::string_view token, std::int32_t) {
    const std::size_t begin = tokenizer.offset(token);
    spans.push_back({begin, begin + token.size()});
  });
  return spans;
}

SparseMatrix bag_of_words(const EncodedDocuments& documents, std::size_t vocabulary_size) {
  SparseMatrix counts;
  counts.rows = documents.size();
  counts.columns = vocabulary_size;
  counts.row_offsets.reserve(documents.size() + 1);
  // Counting into a dense row and sorting only the distinct words a document uses is cheaper
  // than sorting all its tokens: a document repeats its words about three times on average.
  std::vector<std::uint32_t> row_counts(vocabulary_size, 0);  // all zero between documents
  std::vector<std::uint32_t> used;                            // one document's distinct words
  for (std::size_t document = 0; document < documents.size(); ++document) {
    used.clear();
    for (std::size_t token = documents.offsets[document]; token < documents.offsets[document + 1];
         ++token) {
      const std::int32_t id = documents.ids[token];
      if (id == kOutOfVocabulary) continue;
      if (id < 0 || static_cast<std::size_t>(id) >= vocabulary_size) {
        throw ArgumentError("token id " + std::to_string(id) + " in document " +
                            std::to_string(document) + " is outside a vocabulary of " +
                            std::to_string(vocabulary_size) + " words");
      }
      const auto word = static_cast<std::uint32_t>(id);
      if (row_counts[word]++ == 0) used.push_back(word);
    }
    std::sort(used.begin(), used.end());
    for (std::uint32_t word : used) {
      counts.column_indices.push_back(word);
      counts.values.push_back(static_cast<float>(row_counts[word]));
      row_counts[word] = 0;
    }
    counts.row_offsets.push_back(counts.values.size());
  }
  return counts;
}

std::vector<double> inverse_document_frequencies(const Vocabulary& vocabulary) {
  const double documents_plus_one = static_cast<double>(vocabulary.document_count()) + 1.0;
  std::vector<double> idf(vocabulary.size());
  for (std::size_t word = 0; word < idf.size(); ++word) {
    const double frequency_plus_one =
        static_cast<double>(vocabulary.document_frequencies()[word]) + 1.0;
    idf[word] = std::log(documents_plus_one / frequency_plus_one) + 1.0;
  }
  return idf;
}

SparseMatrix tfidf(const SparseMatrix& counts, const std::vector<double>& idf,
                   const TfidfOptions& options) {
  if (idf.size() != counts.columns) {
    throw ArgumentError("tf-idf needs one idf weight per column: " + std::to_string(idf.size()) +
                        " weights for " + std::to_string(counts.columns) + " columns");
  }
  SparseMatrix weights = counts;  // same sparsity pattern, new values
  std::vector<double> row_values;
  for (std::size_t row = 0; row < counts.rows; ++row) {
    const std::size_t begin = counts.row_offsets[row], end = counts.row_offsets[row + 1];
    row_values.clear();
    double squared_norm = 0.0;
    for (std::size_t entry = begin; entry < end; ++entry) {
      const double count = counts.values[entry];
      const double term_frequency = options.sublinear_tf ? 1.0 + std::log(count) : count;
      const double value = term_frequency * idf[counts.column_indices[entry]];
      row_values.push_back(value);
      squared_norm += value * value;
    }
    // A row without vocabulary words has no entries, so there is never a division by zero.
    const double scale = squared_norm > 0.0 ? 1.0 / std::sqrt(squared_norm) : 0.0;
    for (std::size_t entry = begin; entry < end; ++entry) {
      weights.values[entry] = static_cast<float>(row_values[entry - begin] * scale);
    }
  }
  return weights;
}

Tensor token_sequences(const EncodedDocuments& documents, std::size_t length) {
  if (length == 0) throw ArgumentError("sequence length must be at least 1");
  Tensor sequences = Tensor::from_shape({documents.size(), length});
  std::fill(sequences.begin(), sequences.end(), static_cast<float>(kPaddingId));
  for (std::size_t document = 0; document < documents.size(); ++document) {
    const std::size_t begin = documents.offsets[document];
    const std::size_t kept = std::min(documents.offsets[document + 1] - begin, length);
    float* row = sequences.data() + document * length;
    for (std::size_t position = 0; position < kept; ++position) {
      const std::int32_t index = documents.ids[begin + position];
      row[position] =
          static_cast<float>(index == kOutOfVocabulary ? kOutOfVocabularyId : index + kFirstWordId);
    }
  }
  return sequences;
}

}  // namespace glassbox
