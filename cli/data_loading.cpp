#include "cli/data_loading.hpp"

#include <algorithm>
#include <numeric>
#include <sstream>

#include "datasets/mnist.hpp"
#include "datasets/newsgroups/sparse_batches.hpp"
#include "datasets/newsgroups/text_pipeline.hpp"
#include "framework/errors.hpp"

namespace glassbox::cli {
namespace {

const char kKnownDatasets[] = "known: mnist, 20news";

std::vector<std::size_t> range(std::size_t begin, std::size_t end) {
  std::vector<std::size_t> indices(end - begin);
  std::iota(indices.begin(), indices.end(), begin);
  return indices;
}

// The batch source over one 20news split: sparse features, or dense sequences copied into `dense`.
std::unique_ptr<BatchSource> text_source(const NewsgroupsSplit& split,
                                         const std::vector<std::string>& class_names,
                                         LabeledData& dense) {
  if (split.sequences.dimension() == 2) {
    dense = to_labeled_data(split, class_names);
    return std::make_unique<DenseBatches>(dense);
  }
  return std::make_unique<SparseBatches>(split.features, split.labels, class_names.size(),
                                         split.description);
}

// Splits `prepared.all_train` into train and validation: the last `validation_size` samples, or a
// random sample of them drawn with `seed`.
void hold_out(PreparedData& prepared, std::size_t validation_size, bool random,
              std::uint64_t seed) {
  const BatchSource& all = *prepared.all_train;
  if (validation_size >= all.size()) {
    throw ArgumentError("--validation-size " + std::to_string(validation_size) +
                        " leaves no training samples out of " + std::to_string(all.size()));
  }
  if (validation_size == 0) {
    prepared.train = std::make_unique<IndexedBatches>(all, range(0, all.size()), all.description());
    return;
  }
  std::vector<std::size_t> held, kept;
  if (random) {
    held = Subset::random_sample(validation_size, seed).indices(all.size());
    std::vector<bool> is_held(all.size(), false);
    for (const std::size_t index : held) is_held[index] = true;
    for (std::size_t index = 0; index < all.size(); ++index) {
      if (!is_held[index]) kept.push_back(index);
    }
  } else {
    kept = range(0, all.size() - validation_size);
    held = range(all.size() - validation_size, all.size());
  }
  const std::string how =
      random ? "random " + std::to_string(validation_size) + ", seed " + std::to_string(seed)
             : "last " + std::to_string(validation_size);
  prepared.train =
      std::make_unique<IndexedBatches>(all, std::move(kept), all.description() + " without " + how);
  prepared.validation =
      std::make_unique<IndexedBatches>(all, std::move(held), all.description() + ", " + how);
}

NewsgroupsOptions newsgroups_options(const DataRequest& request) {
  const TextOptions& text = request.text;
  NewsgroupsOptions options;
  options.cleaning = parse_cleaning(text.remove);
  options.features =
      parse_text_features(text.features == "counts" ? "bag-of-words" : text.features);
  options.vocabulary.max_size = text.vocabulary_size;
  options.vocabulary.min_document_frequency = text.min_document_frequency;
  options.vocabulary.remove_stop_words = text.remove_stop_words;
  options.tfidf.sublinear_tf = !text.raw_tf;
  options.sequence_length = text.sequence_length;
  if (request.limit > 0) options.train_subset = Subset::random_sample(request.limit, request.seed);
  return options;
}

}  // namespace

CleaningOptions parse_cleaning(const std::string& list) {
  CleaningOptions cleaning;
  if (list.empty() || list == "none") return cleaning;
  std::stringstream stream(list);
  std::string part;
  while (std::getline(stream, part, ',')) {
    if (part == "headers") {
      cleaning.remove_headers = true;
    } else if (part == "footers") {
      cleaning.remove_footers = true;
    } else if (part == "quotes") {
      cleaning.remove_quotes = true;
    } else {
      throw ArgumentError("--remove: unknown part \"" + part +
                          "\" (a comma-separated list of headers, footers, quotes)");
    }
  }
  return cleaning;
}

LabeledData load_dataset(const DataRequest& request) {
  if (request.dataset == "mnist") {
    MnistOptions options;
    options.scaling = parse_pixel_scaling(request.scaling);
    if (request.limit > 0) options.subset = Subset::first(request.limit);
    return load_mnist(parse_split(request.split), options);
  }
  if (request.dataset == "20news") {
    throw ArgumentError(
        "20news is text: load it with prepare_training_data or "
        "prepare_evaluation_data");
  }
  throw ArgumentError("unknown dataset \"" + request.dataset + "\" (" + kKnownDatasets + ")");
}

DataRequest data_request_for(const nlohmann::json& metadata, const std::string& model_path) {
  auto text_at = [&](const nlohmann::json& object, const char* key, const char* where,
                     const std::string& fallback) {
    if (!object.contains(key)) return fallback;
    if (!object.at(key).is_string()) throw FileError(model_path, "must be a string", where);
    return object.at(key).get<std::string>();
  };
  DataRequest request;
  request.dataset = text_at(metadata, "dataset", "metadata.dataset", request.dataset);
  if (metadata.contains("normalization")) {
    const nlohmann::json& normalization = metadata.at("normalization");
    if (!normalization.is_object()) {
      throw FileError(model_path, "must be an object", "metadata.normalization");
    }
    request.scaling =
        text_at(normalization, "scaling", "metadata.normalization.scaling", request.scaling);
  }
  return request;
}

Shape dataset_sample_shape(const std::string& dataset) {
  if (dataset == "mnist") return {1, 28, 28};
  if (dataset == "20news") {
    throw ArgumentError(
        "20news samples have no fixed shape: it is the vocabulary size (tf-idf) "
        "or the sequence length, known once the text is loaded");
  }
  throw ArgumentError("unknown dataset \"" + dataset + "\" (" + kKnownDatasets + ")");
}

std::unique_ptr<PreparedData> prepare_training_data(const DataRequest& request,
                                                    long validation_size) {
  auto prepared = std::make_unique<PreparedData>();
  prepared->dataset = request.dataset;
  if (request.dataset == "mnist") {
    DataRequest train_request = request;
    train_request.split = "train";
    prepared->dense_train = load_dataset(train_request);
    DataRequest test_request = request;
    test_request.split = "test";
    test_request.limit = 0;
    prepared->dense_test = load_dataset(test_request);
    prepared->sample_shape = prepared->dense_train.sample_shape();
    prepared->class_names = prepared->dense_train.class_names;
    prepared->all_train = std::make_unique<DenseBatches>(prepared->dense_train);
    prepared->test = std::make_unique<DenseBatches>(prepared->dense_test);
    prepared->metadata["normalization"] = {{"scaling", request.scaling}};
    hold_out(*prepared, validation_size < 0 ? 5000 : static_cast<std::size_t>(validation_size),
             false, request.seed);
    return prepared;
  }
  if (request.dataset == "20news") {
    const NewsgroupsOptions options = newsgroups_options(request);
    prepared->text = load_newsgroups(options);
    Newsgroups& text = prepared->text;
    const TextPipeline pipeline = text_pipeline_of(text, options);
    prepared->sample_shape = pipeline.sample_shape();
    if (options.features == TextFeatures::sequences) {
      prepared->token_ids = text.vocabulary.size() + kFirstWordId;
    }
    prepared->class_names = text.class_names;
    prepared->all_train = text_source(text.train, text.class_names, prepared->dense_train);
    prepared->test = text_source(text.test, text.class_names, prepared->dense_test);
    prepared->metadata["text_features"] = text_pipeline_to_json(pipeline);
    prepared->evaluation_batch_size = 100;
    hold_out(*prepared, validation_size < 0 ? 0 : static_cast<std::size_t>(validation_size), true,
             request.seed);
    return prepared;
  }
  throw ArgumentError("unknown dataset \"" + request.dataset + "\" (" + kKnownDatasets + ")");
}

std::unique_ptr<PreparedData> prepare_evaluation_data(const nlohmann::json& metadata,
                                                      const std::string& model_path,
                                                      const std::string& split, std::size_t limit) {
  DataRequest request = data_request_for(metadata, model_path);
  request.split = split;
  request.limit = limit;
  auto prepared = std::make_unique<PreparedData>();
  prepared->dataset = request.dataset;
  if (request.dataset == "20news") {
    if (!metadata.contains("text_features")) {
      throw FileError(model_path, "a 20news model needs the text pipeline it was trained with",
                      "metadata.text_features");
    }
    const TextPipeline pipeline = text_pipeline_from_json(metadata.at("text_features"), model_path);
    if (split != "train" && split != "test") {
      throw ArgumentError("unknown split \"" + split + "\" (train or test)");
    }
    const BydateSplits which = split == "train" ? BydateSplits::train : BydateSplits::test;
    prepared->text = load_newsgroups_with(
        pipeline, which, limit > 0 ? Subset::random_sample(limit, 1) : Subset::all());
    Newsgroups& text = prepared->text;
    prepared->sample_shape = pipeline.sample_shape();
    if (pipeline.features == TextFeatures::sequences) {
      prepared->token_ids = pipeline.words.size() + kFirstWordId;
    }
    prepared->class_names = text.class_names;
    prepared->evaluation_batch_size = 100;
    prepared->test = text_source(which == BydateSplits::train ? text.train : text.test,
                                 text.class_names, prepared->dense_test);
    return prepared;
  }
  prepared->dense_test = load_dataset(request);
  prepared->sample_shape = prepared->dense_test.sample_shape();
  prepared->class_names = prepared->dense_test.class_names;
  prepared->test = std::make_unique<DenseBatches>(prepared->dense_test);
  return prepared;
}

}  // namespace glassbox::cli
