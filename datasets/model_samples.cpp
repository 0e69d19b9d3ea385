#include "datasets/model_samples.hpp"

#include "datasets/data_request.hpp"
#include "datasets/newsgroups/document_file.hpp"
#include "datasets/newsgroups/text_pipeline.hpp"
#include "framework/errors.hpp"

namespace glassbox {
namespace {

void require_in_split(const std::string& split, std::size_t first, std::size_t count,
                      std::size_t size, const char* samples) {
  if (count == 0 || first >= size || count > size - first) {
    throw ArgumentError("--index " + std::to_string(first) + " with --count " +
                        std::to_string(count) + " goes past the " + split + " split, which has " +
                        std::to_string(size) + " " + samples + " (indices 0 to " +
                        std::to_string(size - 1) + ")");
  }
}

TextPipeline pipeline_of(const nlohmann::json& metadata, const std::string& model_path) {
  if (!metadata.contains("text_features")) {
    throw FileError(model_path, "a text model needs the pipeline it was trained with",
                    "metadata.text_features");
  }
  return text_pipeline_from_json(metadata.at("text_features"), model_path);
}

// The model's inputs for the cleaned `documents`, and each one as a reader sees it.
void read_documents(const TextPipeline& pipeline, NewsgroupsSplit& documents, Samples& samples) {
  const Vocabulary vocabulary = pipeline_vocabulary(pipeline);
  make_pipeline_features(pipeline, vocabulary, documents);
  samples.inputs = pipeline.features == TextFeatures::sequences ? documents.sequences
                                                                : documents.features.densify();
  samples.labels = documents.labels;
  for (const auto& text : documents.texts) {
    samples.documents.push_back(document_as_read(text, pipeline, vocabulary));
  }
}

}  // namespace

bool reads_text(const nlohmann::json& metadata, const std::string& model_path) {
  return data_request_for(metadata, model_path).dataset == "20news";
}

Samples model_samples(const nlohmann::json& metadata, const std::string& model_path,
                      const std::string& split, std::size_t first, std::size_t count) {
  return reads_text(metadata, model_path)
             ? text_samples(metadata, model_path, split, first, count)
             : image_samples(metadata, model_path, split, first, count);
}

Shape image_shape(const nlohmann::json& metadata, const std::string& model_path) {
  const DataRequest request = data_request_for(metadata, model_path);
  const Shape shape = dataset_sample_shape(request.dataset);
  if (shape.size() != 3) {
    throw ArgumentError(
        "the " + request.dataset +
        " model does not take images; `glassbox explain` explains its documents word by word");
  }
  return shape;
}

Samples image_samples(const nlohmann::json& metadata, const std::string& model_path,
                      const std::string& split, std::size_t first, std::size_t count) {
  image_shape(metadata, model_path);
  DataRequest request = data_request_for(metadata, model_path);
  request.split = split;
  // The split as bytes, and only the images asked for as floats.
  const ByteImages images = load_image_dataset(request);
  require_in_split(split, first, count, images.size(), "images");
  Samples samples;
  images.gather_range(first, first + count, samples.inputs, samples.labels);
  for (std::size_t i = 0; i < count; ++i) {
    samples.names.push_back(split + " #" + std::to_string(first + i));
  }
  samples.class_names = images.class_names();
  if (samples.class_names.empty()) samples.class_names = class_names_of(metadata, model_path);
  samples.low = request.scaling == "symmetric" ? -1.0f : 0.0f;
  return samples;
}

Samples image_file_sample(const nlohmann::json& metadata, const std::string& model_path,
                          Tensor grey, const std::string& name, bool invert) {
  const Shape shape = image_shape(metadata, model_path);
  const bool symmetric = data_request_for(metadata, model_path).scaling == "symmetric";
  if (invert) grey = 1.0f - grey;
  if (symmetric) grey = 2.0f * grey - 1.0f;
  grey.reshape({1, shape[0], shape[1], shape[2]});
  Samples samples;
  samples.inputs = std::move(grey);
  samples.labels = {-1};
  samples.names = {name};
  samples.class_names = class_names_of(metadata, model_path);
  samples.low = symmetric ? -1.0f : 0.0f;
  return samples;
}

Samples text_samples(const nlohmann::json& metadata, const std::string& model_path,
                     const std::string& split, std::size_t first, std::size_t count) {
  const TextPipeline pipeline = pipeline_of(metadata, model_path);
  if (split != "test" && split != "train") {
    throw ArgumentError("--split must be train or test, got \"" + split + "\"");
  }
  const auto which = split == "test" ? BydateSplits::test : BydateSplits::train;
  Newsgroups data = load_newsgroups_with(pipeline, which, Subset::all(), "", true);
  NewsgroupsSplit& all = which == BydateSplits::test ? data.test : data.train;
  require_in_split(split, first, count, all.size(), "documents");
  Samples samples;
  NewsgroupsSplit documents;
  for (std::size_t i = first; i < first + count; ++i) {
    documents.texts.push_back(std::move(all.texts[i]));
    documents.labels.push_back(all.labels[i]);
    samples.names.push_back(split + " #" + std::to_string(i) + " (" + all.names[i] + ")");
  }
  read_documents(pipeline, documents, samples);
  samples.class_names = data.class_names;
  if (samples.class_names.empty()) samples.class_names = class_names_of(metadata, model_path);
  return samples;
}

Samples text_file_sample(const nlohmann::json& metadata, const std::string& model_path,
                         const std::string& path) {
  const TextPipeline pipeline = pipeline_of(metadata, model_path);
  CleaningOptions cleaning = pipeline.cleaning;
  cleaning.remove_headers = false;  // a file is not a news article: its first lines are text
  NewsgroupsSplit documents;
  documents.texts.push_back(clean_document(read_document_file(path), cleaning));
  documents.labels.push_back(-1);
  Samples samples;
  samples.names.push_back(path);
  read_documents(pipeline, documents, samples);
  samples.class_names = class_names_of(metadata, model_path);
  return samples;
}

std::vector<std::string> class_names_of(const nlohmann::json& metadata,
                                        const std::string& model_path) {
  std::vector<std::string> names;
  if (!metadata.contains("class_names")) return names;
  for (const auto& name : metadata["class_names"]) {
    if (!name.is_string()) throw FileError(model_path, "must hold strings", "metadata.class_names");
    names.push_back(name.get<std::string>());
  }
  return names;
}

}  // namespace glassbox
