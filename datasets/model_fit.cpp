#include "datasets/model_fit.hpp"

#include "datasets/newsgroups/features.hpp"
#include "datasets/newsgroups/text_pipeline.hpp"
#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"
#include "framework/serialization/json_checks.hpp"

namespace glassbox {
namespace {

using nlohmann::json;

constexpr std::size_t mnist_classes = 10;
constexpr std::size_t newsgroups_classes = 20;

// The key path of the layer whose outputs are the classes.
std::string last_layer(const Sequential& model) {
  return json_element("layers", model.size() - 1);
}

void check_outputs(const ModelFile& file, const std::string& path, const std::string& dataset,
                   std::size_t classes, const std::string& what) {
  const Shape& outputs = file.model.output_shape();
  if (outputs != Shape{classes}) {
    throw FileError(path,
                    "a " + dataset + " model has " + std::to_string(classes) +
                        " outputs (one per " + what + "), but this one gives " +
                        shape_to_string(outputs),
                    last_layer(file.model));
  }
}

void check_mnist(const ModelFile& file, const std::string& path) {
  const Shape images{1, 28, 28};
  if (file.model.input_shape() != images) {
    throw FileError(path,
                    "an mnist model takes 1×28×28 images ([1, 28, 28]), but this one takes " +
                        shape_to_string(file.model.input_shape()),
                    "input_shape");
  }
  check_outputs(file, path, "mnist", mnist_classes, "digit");
  // The loader has checked that there is one string per output; for MNIST they must also be the
  // digits, in order, or figures would label one digit with another's name.
  const auto names = file.metadata.find("class_names");
  if (names == file.metadata.end()) return;
  for (std::size_t digit = 0; digit < mnist_classes; ++digit) {
    const json& name = (*names)[digit];
    if (name != std::to_string(digit)) {
      throw FileError(path,
                      "the class names of an mnist model are \"0\" to \"9\" in order; found " +
                          describe_json(name) + " for class " + std::to_string(digit),
                      json_element("metadata.class_names", digit));
    }
  }
}

void check_newsgroups(const ModelFile& file, const std::string& path) {
  const auto features = file.metadata.find("text_features");
  if (features == file.metadata.end()) {
    throw FileError(path, "a 20news model needs the text pipeline it was trained with",
                    "metadata.text_features");
  }
  const TextPipeline pipeline = text_pipeline_from_json(*features, path);
  if (file.model.input_shape() != pipeline.sample_shape()) {
    throw FileError(path,
                    "the text pipeline makes samples of shape " +
                        shape_to_string(pipeline.sample_shape()) + ", but the model takes " +
                        shape_to_string(file.model.input_shape()),
                    "input_shape");
  }
  check_outputs(file, path, "20news", newsgroups_classes, "newsgroup");
  if (pipeline.features != TextFeatures::sequences) return;
  // Token ids go up to V + 1 (kFirstWordId + V − 1): an embedding with fewer rows would fail on
  // the first document that uses one of the last words.
  const Layer& first = file.model.layer(0);
  if (first.type() != "Embedding") return;
  const std::size_t ids = pipeline.words.size() + kFirstWordId;
  const std::size_t rows = first.config().at("vocabulary_size").get<std::size_t>();
  if (rows < ids) {
    throw FileError(path,
                    "the text pipeline makes token ids up to " + std::to_string(ids - 1) +
                        " (its " + std::to_string(pipeline.words.size()) +
                        " words, padding and unknown), but the embedding has only " +
                        std::to_string(rows) + " rows",
                    "layers[0].config.vocabulary_size");
  }
}

}  // namespace

void check_model_fits_dataset(const ModelFile& file, const std::string& path) {
  std::string dataset = "mnist";
  const auto named = file.metadata.find("dataset");
  if (named != file.metadata.end()) {
    if (!named->is_string()) {
      throw FileError(path, "expected a dataset name, found " + describe_json(*named),
                      "metadata.dataset");
    }
    dataset = named->get<std::string>();
  }
  if (dataset == "mnist") {
    check_mnist(file, path);
  } else if (dataset == "20news") {
    check_newsgroups(file, path);
  } else {
    throw FileError(path, "unknown dataset " + describe_json(*named) + " (known: mnist, 20news)",
                    "metadata.dataset");
  }
}

ModelFile load_classifier(const std::string& path) {
  ModelFile file = load_model(path);
  check_model_fits_dataset(file, path);
  return file;
}

}  // namespace glassbox
