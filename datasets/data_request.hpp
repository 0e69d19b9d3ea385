// Which data a command asks for, by dataset name, and how a model file records the data it was
// trained on (so that it is evaluated and explained on data prepared the same way).
//
// mnist: N×1×28×28 images, pixel scaling unit [0, 1] or symmetric [−1, 1].
// 20news: the 20 Newsgroups "bydate" split as N×V tf-idf (or count) features over a vocabulary of
// V training words, or N×T token-id sequences for an embedding layer (T tokens per document).
// The model file keeps the whole text pipeline (datasets/newsgroups/text_pipeline.hpp) under the
// metadata key "text_features", so evaluation rebuilds the same features without the training
// split.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "datasets/byte_images.hpp"
#include "datasets/newsgroups/newsgroups.hpp"
#include "framework/dataset.hpp"
#include "framework/errors.hpp"

namespace glassbox {

// How to make 20 Newsgroups features (the command-line options of `glassbox train`).
struct TextOptions {
  std::string remove;                      // "headers,footers,quotes" or part of it; "" keeps all
  std::string features = "tfidf";          // tfidf, counts (= bag-of-words), sequences
  std::size_t vocabulary_size = 30000;     // most frequent words kept (by document frequency)
  std::size_t min_document_frequency = 2;  // words in fewer training documents are dropped
  bool remove_stop_words = false;
  bool raw_tf = false;                // tf = count instead of 1 + ln count
  std::size_t sequence_length = 400;  // T, for sequences
};

struct DataRequest {
  std::string dataset = "mnist";
  std::string split = "train";   // train or test
  std::string scaling = "unit";  // pixel scaling: unit [0,1] or symmetric [-1,1]
  std::size_t limit = 0;         // 0: all samples; else mnist the first N, 20news a random N
  TextOptions text;              // 20news only
  std::uint64_t seed = 1;        // 20news: which random documents `limit` keeps
};

// An image dataset split (mnist) as the bytes it is stored in, made float a batch at a time
// (byte_images.hpp): what trains and scores on a whole split. ArgumentError for other datasets.
ByteImages load_image_dataset(const DataRequest& request);

// The same as dense floats (4 bytes a pixel): for subsets small enough to hold that way.
LabeledData load_dataset(const DataRequest& request);

// The dataset and pixel scaling a model was trained with, read from its file's metadata (so that it
// is evaluated and explained on data prepared the same way). Throws FileError naming `model_path`
// when the metadata says something unusable.
DataRequest data_request_for(const nlohmann::json& metadata, const std::string& model_path);

// The sample shape of an image dataset's inputs, known without loading it. ArgumentError for
// 20news, whose shape depends on the features (vocabulary size or sequence length).
Shape dataset_sample_shape(const std::string& dataset);

// The error for a dataset name that is not one of them, listing those that are.
ArgumentError unknown_dataset(const std::string& dataset);

// How request.text asks load_newsgroups to prepare 20 Newsgroups, with request.limit (when > 0)
// as a random subset of the training split drawn with request.seed. ArgumentError for an unknown
// part to remove or kind of features.
NewsgroupsOptions newsgroups_options(const DataRequest& request);

// "headers,quotes" → which parts to remove; ArgumentError for an unknown part.
CleaningOptions parse_cleaning(const std::string& list);

}  // namespace glassbox
