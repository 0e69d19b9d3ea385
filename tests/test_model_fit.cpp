// A classifier's file must fit the dataset its metadata names (datasets/model_fit.hpp): MNIST
// models take 1×28×28 images into 10 classes named "0" to "9"; 20 Newsgroups models take what
// their text pipeline makes into 20 classes. Each mismatch names the file and the field.
#include <doctest/doctest.h>

#include <string>

#include "datasets/model_fit.hpp"
#include "datasets/newsgroups/text_pipeline.hpp"
#include "framework/errors.hpp"
#include "framework/model_spec.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_model_fit {

using namespace glassbox;
using nlohmann::json;

namespace {

ModelFile mnist_model(const std::string& spec = "flatten,dense:10",
                      const Shape& input = {1, 28, 28}) {
  json names = json::array();
  for (int digit = 0; digit < 10; ++digit) names.push_back(std::to_string(digit));
  return {build_model(spec, input, 1), {{"dataset", "mnist"}, {"class_names", names}}};
}

// A 20news model over 5 words, tf-idf or token ids of 7 positions.
ModelFile text_model(bool sequences, const std::string& spec) {
  TextPipeline pipeline;
  pipeline.words = {"space", "orbit", "car", "engine", "god"};
  if (sequences) {
    pipeline.features = TextFeatures::sequences;
    pipeline.sequence_length = 7;
  } else {
    pipeline.idf = {1.0, 1.5, 2.0, 2.5, 3.0};
  }
  return {build_model(spec, pipeline.sample_shape(), 1),
          {{"dataset", "20news"}, {"text_features", text_pipeline_to_json(pipeline)}}};
}

void check_refused(const ModelFile& file, const std::string& position, const std::string& problem) {
  CAPTURE(position);
  try {
    check_model_fits_dataset(file, "model.json");
    FAIL("accepted");
  } catch (const FileError& error) {
    CHECK(error.file() == "model.json");
    CHECK(error.position() == position);
    CHECK_MESSAGE(error.problem().find(problem) != std::string::npos, error.problem());
  }
}

}  // namespace

TEST_CASE("an MNIST model with other than 10 classes, or other inputs, is refused") {
  CHECK_NOTHROW(check_model_fits_dataset(mnist_model(), "model.json"));
  ModelFile five = mnist_model("flatten,dense:5");
  five.metadata.erase("class_names");
  check_refused(five, "layers[1]", "10 outputs (one per digit), but this one gives [5]");
  ModelFile one = mnist_model("flatten,dense:1");
  one.metadata.erase("class_names");
  check_refused(one, "layers[1]", "gives [1]");
  check_refused(mnist_model("flatten,dense:10", {784}), "input_shape", "takes [784]");
  check_refused(mnist_model("dense:10", {28}), "input_shape", "1×28×28");
}

TEST_CASE("MNIST class names are the digits, in order") {
  ModelFile file = mnist_model();
  file.metadata["class_names"][3] = "three";
  check_refused(file, "metadata.class_names[3]", "\"0\" to \"9\" in order");
  // Without names, the digits are implied.
  file.metadata.erase("class_names");
  CHECK_NOTHROW(check_model_fits_dataset(file, "model.json"));
}

TEST_CASE("the dataset must be one glassbox knows; absent means mnist") {
  ModelFile file = mnist_model();
  file.metadata["dataset"] = "cifar";
  check_refused(file, "metadata.dataset", "unknown dataset \"cifar\"");
  file.metadata["dataset"] = 7;
  check_refused(file, "metadata.dataset", "expected a dataset name");
  file.metadata.erase("dataset");
  CHECK_NOTHROW(check_model_fits_dataset(file, "model.json"));
}

TEST_CASE("a 20news model must take what its pipeline makes, into 20 classes") {
  CHECK_NOTHROW(check_model_fits_dataset(text_model(false, "dense:20"), "model.json"));
  check_refused(text_model(false, "dense:19"), "layers[0]", "20 outputs");
  ModelFile other_words = text_model(false, "dense:20");
  other_words.model = build_model("dense:20", {6}, 1);
  check_refused(other_words, "input_shape", "samples of shape [5], but the model takes [6]");
  ModelFile no_pipeline = text_model(false, "dense:20");
  no_pipeline.metadata.erase("text_features");
  check_refused(no_pipeline, "metadata.text_features", "needs the text pipeline");
  ModelFile bad_pipeline = text_model(false, "dense:20");
  bad_pipeline.metadata["text_features"]["idf"] = json::array();
  CHECK_THROWS_AS(check_model_fits_dataset(bad_pipeline, "model.json"), FileError);
}

TEST_CASE("a text CNN's embedding must have a row for every token id of its pipeline") {
  // 5 words: ids 0 (padding), 1 (unknown), 2 … 6, so 7 rows.
  CHECK_NOTHROW(check_model_fits_dataset(
      text_model(true, "embedding:7:4,conv1d:3:2,relu,maxovertime,dense:20"), "model.json"));
  check_refused(text_model(true, "embedding:6:4,conv1d:3:2,relu,maxovertime,dense:20"),
                "layers[0].config.vocabulary_size", "token ids up to 6");
}

}  // namespace test_model_fit
