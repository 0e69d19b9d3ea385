// Loads datasets by name for the commands, and records in model files how they were prepared.
//
// mnist: N×1×28×28 images, pixel scaling unit [0, 1] or symmetric [−1, 1].
// 20news: the 20 Newsgroups "bydate" split as N×V tf-idf (or count) features over a vocabulary of
// V training words, or N×T token-id sequences for an embedding layer (T tokens per document).
// The model file keeps the whole text pipeline (datasets/newsgroups/text_pipeline.hpp) under the
// metadata key "text_features", so evaluation rebuilds the same features without the training
// split.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "datasets/newsgroups/newsgroups.hpp"
#include "framework/dataset.hpp"
#include "framework/training/batch_source.hpp"

namespace glassbox::cli {

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

// An image dataset split as dense data (mnist). ArgumentError for other datasets.
LabeledData load_dataset(const DataRequest& request);

// The dataset and pixel scaling a model was trained with, read from its file's metadata (so that it
// is evaluated and explained on data prepared the same way). Throws FileError naming `model_path`
// when the metadata says something unusable.
DataRequest data_request_for(const nlohmann::json& metadata, const std::string& model_path);

// The sample shape of an image dataset's inputs, known without loading it. ArgumentError for
// 20news, whose shape depends on the features (vocabulary size or sequence length).
Shape dataset_sample_shape(const std::string& dataset);

// A dataset loaded for a command: batches to train, validate and test on, and what a model file
// must record to prepare the same data again. Not movable: the sources refer to its members.
struct PreparedData {
  std::string dataset;                   // "mnist", "20news"
  Shape sample_shape;                    // one input sample
  std::size_t token_ids = 0;             // 20news sequences: the embedding's id count V + 2; else 0
  std::vector<std::string> class_names;  // K
  std::unique_ptr<BatchSource> train;    // null when not loaded
  std::unique_ptr<BatchSource> validation;             // null without a validation set
  std::unique_ptr<BatchSource> test;                   // null when not loaded
  nlohmann::json metadata = nlohmann::json::object();  // "normalization" or "text_features"
  // Samples per forward pass when scoring. Every layer keeps its input, so a text CNN holds about
  // 2.8 MB of activations per document: 1.4 GB at MNIST's 500, 280 MB at 100.
  std::size_t evaluation_batch_size = 500;

  PreparedData() = default;
  PreparedData(const PreparedData&) = delete;
  PreparedData& operator=(const PreparedData&) = delete;

  // What the sources read from.
  std::unique_ptr<BatchSource> all_train;
  LabeledData dense_train, dense_test;
  Newsgroups text;
};

// The training split (less `validation_size` held-out samples: mnist its last ones, 20news a
// random sample drawn with request.seed) and the test split. validation_size < 0 means the
// dataset's default: 5000 for mnist, 0 for 20news.
std::unique_ptr<PreparedData> prepare_training_data(const DataRequest& request,
                                                    long validation_size);

// The split `split` (train or test) of the dataset a model was trained on, prepared as its
// metadata says, in `test`; `limit` > 0 keeps the first (mnist) or a random (20news, seed 1)
// `limit` samples. FileError naming `model_path` for unusable metadata.
std::unique_ptr<PreparedData> prepare_evaluation_data(const nlohmann::json& metadata,
                                                      const std::string& model_path,
                                                      const std::string& split, std::size_t limit);

// "headers,quotes" → which parts to remove; ArgumentError for an unknown part.
CleaningOptions parse_cleaning(const std::string& list);

}  // namespace glassbox::cli
