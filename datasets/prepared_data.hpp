// A dataset loaded for training or evaluation: batch sources over its splits, and what a model
// file must record to prepare the same data again (data_request.hpp).
//
// Shapes: mnist samples 1×28×28; 20news samples V (tf-idf or counts) or T (token ids).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "datasets/data_request.hpp"
#include "datasets/newsgroups/newsgroups.hpp"
#include "framework/dataset.hpp"
#include "framework/training/batch_source.hpp"

namespace glassbox {

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
  // Samples per forward pass when scoring. Every layer keeps its input, so activations grow with
  // the batch: the reference CNN holds about 0.2 MB per image (100 MB at 500, 20 MB at 100, more
  // than the 8 MB of the test split's bytes), a text CNN about 2.8 MB per document.
  std::size_t evaluation_batch_size = 100;

  PreparedData() = default;
  PreparedData(const PreparedData&) = delete;
  PreparedData& operator=(const PreparedData&) = delete;

  // What the sources read from: the whole training split (mnist: its bytes), and for 20news the
  // text and its token-id sequences as dense data.
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

}  // namespace glassbox
