// 20 Newsgroups ("bydate" split): from the archive to labelled feature matrices in one call.
//
// Shapes: N documents (train 11,314, test 7,532 when whole), K = 20 classes, V vocabulary words,
// T sequence length.
//   features    N×V sparse (bag_of_words: counts; tfidf: tf-idf rows of L2 norm 1)
//   sequences   N×T token ids as floats (sequences), 0 = padding, 1 = out of vocabulary
//   labels      N class indices in [0, K), category folders in sorted order
//
// Steps (archive_reader.hpp, document_cleaning.hpp, vocabulary.hpp, features.hpp say exactly what
// each does):
//   1. read <data>/20news/20news-bydate.tar.gz in one pass for both splits (or, when there is no
//      archive, the extracted <data>/20news/20news-bydate-train/ and -test/), Latin-1 to UTF-8;
//   2. keep each split's subset (applied after reading, so a subset never hides a damaged file);
//   3. clean the documents (headers, footers, quotes: each off by default);
//   4. build the vocabulary on the kept training documents only;
//   5. encode both splits with that vocabulary and make the chosen features.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "datasets/newsgroups/document_cleaning.hpp"
#include "datasets/newsgroups/features.hpp"
#include "datasets/newsgroups/sparse_matrix.hpp"
#include "datasets/newsgroups/vocabulary.hpp"
#include "datasets/subset.hpp"
#include "framework/dataset.hpp"

namespace glassbox {

enum class TextFeatures { bag_of_words, tfidf, sequences };

struct NewsgroupsOptions {
  std::string data_directory;  // empty: find_data_directory(), looked up when loading
  CleaningOptions cleaning;
  VocabularyOptions vocabulary;
  TextFeatures features = TextFeatures::tfidf;
  TfidfOptions tfidf;
  std::size_t sequence_length = 256;  // T, for TextFeatures::sequences
  Subset train_subset;                // all documents unless set; the vocabulary sees only these
  Subset test_subset;
  bool include_test = true;  // false: read and featurize the training split only
  bool keep_texts = false;   // keep each document's cleaned text (to show it beside explanations)
};

struct NewsgroupsSplit {
  SparseMatrix features;           // N×V for bag_of_words and tfidf; 0×0 for sequences
  Tensor sequences;                // N×T for sequences; otherwise unset (0 dimensions)
  Labels labels;                   // N
  std::vector<std::string> names;  // N "category/article id", e.g. "sci.space/59848"
  std::vector<std::string> texts;  // N cleaned UTF-8 texts with keep_texts, else empty
  std::uint64_t raw_bytes = 0;     // the N article files' bytes as stored (before decoding)
  std::string description;         // e.g. "20news train (tfidf, 30000 words, random 1000, seed 1)"

  std::size_t size() const { return labels.size(); }
};

// Seconds spent in each step, for progress messages and benchmarks.
struct NewsgroupsTimings {
  double read = 0.0;        // archive or folders: decompress, untar, decode
  double cleaning = 0.0;    // both splits
  double vocabulary = 0.0;  // tokenize the training split, count, select
  double encoding = 0.0;    // tokenize both splits again and look every token up
  double features = 0.0;    // counts, tf-idf or sequences from the encoded tokens
  double total() const { return read + cleaning + vocabulary + encoding + features; }
};

struct Newsgroups {
  NewsgroupsSplit train, test;           // test is empty without include_test
  std::vector<std::string> class_names;  // K category names, sorted; labels index into it
  Vocabulary vocabulary;                 // from the kept training documents
  std::string source;                    // the archive or folder read
  NewsgroupsTimings timings;
};

// Reads and prepares the dataset as described above. Throws FileError for missing or damaged
// data, ArgumentError for impossible options (a subset larger than the split, T = 0).
Newsgroups load_newsgroups(const NewsgroupsOptions& options = {});

// Where the data is under `data_directory`: 20news/20news-bydate.tar.gz if present, else the
// folder 20news/ when it holds the extracted 20news-bydate-train/; otherwise FileError naming the
// archive and saying how to get the data.
std::string find_newsgroups_source(const std::string& data_directory);

// The most elements to_labeled_data makes dense: 2^28 floats, 1 GiB.
inline constexpr std::size_t kMostDenseElements = std::size_t{1} << 28;

// The split as dense LabeledData for train_classifier: inputs N×V (features) or N×T (sequences).
// ArgumentError when N×V exceeds kMostDenseElements: use a smaller vocabulary (max_size) or
// dense batches from features.densify_rows / gather_rows instead.
LabeledData to_labeled_data(const NewsgroupsSplit& split,
                            const std::vector<std::string>& class_names);

// "bag-of-words", "tfidf" or "sequences"; ArgumentError otherwise.
TextFeatures parse_text_features(const std::string& name);
std::string text_features_name(TextFeatures features);

}  // namespace glassbox
