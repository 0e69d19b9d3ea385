// Text features over a Vocabulary (V words): bag-of-words counts, tf-idf and token-id sequences.
//
// Shapes: N documents, V vocabulary words, T sequence length.
//   encode_documents   N documents -> their tokens as vocabulary indices (ragged)
//   bag_of_words       -> N×V sparse counts
//   tfidf              N×V counts -> N×V sparse tf-idf, each row of L2 norm 1 (or all zero)
//   token_sequences    -> N×T Tensor of token ids, for a text CNN's embedding layer
//
// Tokens that are not in the vocabulary: encode_documents marks them kOutOfVocabulary. Bag-of-words
// and tf-idf ignore them; sequences give them id 1. The one exception is stop words of a vocabulary
// built with remove_stop_words: they were left out on purpose, so they are dropped from the token
// stream altogether (no feature, no id, no position in a sequence).
//
// tf-idf, for document d and word t (n = vocabulary.document_count(), the training documents;
// df(t) = vocabulary.document_frequency(t), counted on them; count(t, d) = occurrences in d):
//   idf(t)      = ln((1 + n) / (1 + df(t))) + 1          the smooth idf: never 0, never infinite
//   tf(t, d)    = count(t, d)                            or, with sublinear_tf, 1 + ln count(t, d)
//   x(t, d)     = tf(t, d) · idf(t)
//   row d       = x(·, d) / ||x(·, d)||_2                a document without vocabulary words stays
//   0
// The same idf, from the training split, weighs the test split. Computed in double, stored as
// float.
//
// Sequences: token ids are 0 = padding, 1 = out of vocabulary, i + 2 = vocabulary word i, so an
// embedding table needs V + 2 rows. Each document's first T tokens are kept (a longer document is
// cut at the end); a shorter one is followed by padding up to T. Ids are stored as float (exact up
// to 2^24), because glassbox's layers pass each other float Tensors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "datasets/newsgroups/sparse_matrix.hpp"
#include "datasets/newsgroups/vocabulary.hpp"
#include "framework/tensor.hpp"

namespace glassbox {

inline constexpr std::int32_t kOutOfVocabulary = -1;

// Token ids of sequences.
inline constexpr std::int32_t kPaddingId = 0;
inline constexpr std::int32_t kOutOfVocabularyId = 1;
inline constexpr std::int32_t kFirstWordId = 2;  // vocabulary word i has id i + kFirstWordId

// N documents as vocabulary indices, one after another.
struct EncodedDocuments {
  std::vector<std::int32_t> ids;        // vocabulary indices, or kOutOfVocabulary
  std::vector<std::size_t> offsets{0};  // N + 1: document i is ids[offsets[i], offsets[i + 1])
  std::size_t size() const { return offsets.size() - 1; }  // N
};

// Tokenizes each document (tokenizer.hpp) and looks each token up in `vocabulary`.
EncodedDocuments encode_documents(const std::vector<std::string>& documents,
                                  const Vocabulary& vocabulary);

// The tokens of one document that encode_documents keeps, as words, in the same order: entry k
// is the word behind encoded id k (stop words of a vocabulary built without them are dropped,
// words outside the vocabulary kept). To show a document beside its explanation.
std::vector<std::string> encoded_tokens(const std::string& document, const Vocabulary& vocabulary);

// Where each of those words stands in `document`: the bytes [begin, end) of its original spelling
// (case kept), entry k for word k of encoded_tokens. What lies between spans is what the tokenizer
// skipped: punctuation, whitespace and line breaks, one-character words, dropped stop words. To
// show an explanation on the document's own text.
struct TextSpan {
  std::size_t begin = 0, end = 0;
};
std::vector<TextSpan> encoded_token_spans(const std::string& document,
                                          const Vocabulary& vocabulary);

// N×V: entry (d, t) is how often word t occurs in document d.
SparseMatrix bag_of_words(const EncodedDocuments& documents, std::size_t vocabulary_size);

// idf(t) for each of the V words, as defined above.
std::vector<double> inverse_document_frequencies(const Vocabulary& vocabulary);

struct TfidfOptions {
  bool sublinear_tf = false;  // tf = 1 + ln count instead of count
};

// N×V tf-idf from N×V counts and V idf weights.
SparseMatrix tfidf(const SparseMatrix& counts, const std::vector<double>& idf,
                   const TfidfOptions& options = {});

// N×T token ids, as defined above. ArgumentError when T is 0.
Tensor token_sequences(const EncodedDocuments& documents, std::size_t length);

}  // namespace glassbox
