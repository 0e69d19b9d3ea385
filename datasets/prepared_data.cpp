#include "datasets/prepared_data.hpp"

#include <numeric>

#include "datasets/newsgroups/sparse_batches.hpp"
#include "datasets/newsgroups/text_pipeline.hpp"
#include "framework/errors.hpp"

namespace glassbox {
namespace {

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

}  // namespace

std::unique_ptr<PreparedData> prepare_training_data(const DataRequest& request,
                                                    long validation_size) {
  auto prepared = std::make_unique<PreparedData>();
  prepared->dataset = request.dataset;
  if (request.dataset == "mnist") {
    // Bytes, made float a batch at a time: 47 + 8 MB instead of 188 + 31 MB (byte_images.hpp).
    DataRequest train_request = request;
    train_request.split = "train";
    auto train = std::make_unique<ByteImages>(load_image_dataset(train_request));
    DataRequest test_request = request;
    test_request.split = "test";
    test_request.limit = 0;
    prepared->test = std::make_unique<ByteImages>(load_image_dataset(test_request));
    prepared->sample_shape = train->sample_shape();
    prepared->class_names = train->class_names();
    prepared->all_train = std::move(train);
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
    hold_out(*prepared, validation_size < 0 ? 0 : static_cast<std::size_t>(validation_size), true,
             request.seed);
    return prepared;
  }
  throw unknown_dataset(request.dataset);
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
    prepared->test = text_source(which == BydateSplits::train ? text.train : text.test,
                                 text.class_names, prepared->dense_test);
    return prepared;
  }
  auto images = std::make_unique<ByteImages>(load_image_dataset(request));
  prepared->sample_shape = images->sample_shape();
  prepared->class_names = images->class_names();
  prepared->test = std::move(images);
  return prepared;
}

}  // namespace glassbox
