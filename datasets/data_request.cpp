#include "datasets/data_request.hpp"

#include <sstream>

#include "datasets/mnist.hpp"
#include "framework/errors.hpp"

namespace glassbox {
ArgumentError unknown_dataset(const std::string& dataset) {
  return ArgumentError("unknown dataset \"" + dataset + "\" (known: mnist, 20news)");
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

ByteImages load_image_dataset(const DataRequest& request) {
  if (request.dataset == "mnist") {
    MnistOptions options;
    options.scaling = parse_pixel_scaling(request.scaling);
    if (request.limit > 0) options.subset = Subset::first(request.limit);
    return load_mnist_bytes(parse_split(request.split), options);
  }
  if (request.dataset == "20news") {
    throw ArgumentError(
        "20news is text: load it with prepare_training_data or "
        "prepare_evaluation_data");
  }
  throw unknown_dataset(request.dataset);
}

LabeledData load_dataset(const DataRequest& request) {
  return load_image_dataset(request).to_labeled_data();
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
  throw unknown_dataset(dataset);
}

}  // namespace glassbox
