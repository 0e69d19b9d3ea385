// The saved text pipeline (datasets/newsgroups/text_pipeline.hpp): its JSON form and every way it
// can be wrong, features rebuilt from it equal to the loader's, and documents as the model reads
// them. On a generated archive: no real data needed.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "datasets/newsgroups/text_pipeline.hpp"
#include "framework/errors.hpp"
#include "tests/idx_test_files.hpp"
#include "tests/test_newsgroups_archives.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_text_pipeline {

using namespace glassbox;
using glassbox_test::Article;
using glassbox_test::kTest;
using glassbox_test::kTrain;
using nlohmann::json;

namespace {

std::vector<Article> corpus() {
  const std::string header = "From: poster@example.edu\nSubject: Re: question\n\n";
  return {
      {kTrain, "sci.space", "2", header + "The orbit of the moon, the moon.\n--\nPoster\n"},
      {kTrain, "sci.space", "1", header + "Launch the rocket to the moon.\n"},
      {kTrain, "rec.autos", "7", header + "> quoted engine\nThe engine of the car.\n"},
      {kTrain, "rec.autos", "8", header + "A car, a road, a car and its engine.\n"},
      {kTest, "sci.space", "3", header + "Moon and Mars orbit the rocket.\n"},
      {kTest, "rec.autos", "9", header + "Engine oil for the car, the car.\n"},
  };
}

// A data directory holding 20news/20news-bydate.tar.gz made from corpus().
struct DataDirectory {
  glassbox_test::TemporaryDirectory directory{"test_text_pipeline"};
  DataDirectory() {
    std::filesystem::create_directories(directory.file("20news"));
    glassbox_test::write_tar(directory.file("20news/20news-bydate.tar.gz"),
                             glassbox_test::bydate_members(corpus()));
  }
};

bool same_sparse(const SparseMatrix& a, const SparseMatrix& b) {
  return a.rows == b.rows && a.columns == b.columns && a.row_offsets == b.row_offsets &&
         a.column_indices == b.column_indices && a.values == b.values;
}

// A valid pipeline's JSON, to break one key at a time.
json valid_json() {
  TextPipeline pipeline;
  pipeline.words = {"car", "moon"};
  pipeline.idf = {1.5, 1.25};
  return text_pipeline_to_json(pipeline);
}

}  // namespace

TEST_CASE("Features rebuilt from the saved pipeline equal the loader's, bit for bit") {
  const DataDirectory data;
  for (const TextFeatures features :
       {TextFeatures::tfidf, TextFeatures::bag_of_words, TextFeatures::sequences}) {
    INFO(text_features_name(features));
    NewsgroupsOptions options;
    options.data_directory = data.directory.path();
    options.features = features;
    options.tfidf.sublinear_tf = true;
    options.cleaning.remove_quotes = true;
    options.sequence_length = 5;
    const Newsgroups loaded = load_newsgroups(options);

    // Through JSON, as a model file carries it.
    const json saved = text_pipeline_to_json(text_pipeline_of(loaded, options));
    const TextPipeline pipeline = text_pipeline_from_json(json::parse(saved.dump()), "model.json");
    CHECK(pipeline.words == loaded.vocabulary.words());
    CHECK(pipeline.cleaning.remove_quotes);
    CHECK(text_pipeline_to_json(pipeline) == saved);

    const Newsgroups rebuilt =
        load_newsgroups_with(pipeline, BydateSplits::test, Subset::all(), data.directory.path());
    CHECK(rebuilt.train.size() == 0);
    CHECK(rebuilt.test.labels == loaded.test.labels);
    CHECK(rebuilt.test.names == loaded.test.names);
    CHECK(rebuilt.class_names == loaded.class_names);
    CHECK(rebuilt.test.description == loaded.test.description);
    if (features == TextFeatures::sequences) {
      CHECK(pipeline.sample_shape() == Shape{5});
      CHECK(rebuilt.test.sequences == loaded.test.sequences);
    } else {
      CHECK(pipeline.sample_shape() == Shape{loaded.vocabulary.size()});
      CHECK(same_sparse(rebuilt.test.features, loaded.test.features));
    }
    // The training split through the same pipeline gives the loader's training features.
    const Newsgroups train =
        load_newsgroups_with(pipeline, BydateSplits::train, Subset::all(), data.directory.path());
    if (features != TextFeatures::sequences) {
      CHECK(same_sparse(train.train.features, loaded.train.features));
    }
  }
}

TEST_CASE("The saved pipeline keeps what it needs and nothing about other kinds") {
  const json saved = valid_json();
  CHECK(saved["kind"] == "tfidf");
  CHECK(saved["words"] == json{"car", "moon"});
  CHECK(saved["idf"] == json{1.5, 1.25});
  CHECK(saved["sublinear_tf"] == false);
  CHECK_FALSE(saved.contains("sequence_length"));
  TextPipeline sequences;
  sequences.features = TextFeatures::sequences;
  sequences.words = {"car"};
  sequences.sequence_length = 40;
  const json sequence_json = text_pipeline_to_json(sequences);
  CHECK(sequence_json["sequence_length"] == 40);
  CHECK_FALSE(sequence_json.contains("idf"));
  CHECK(text_pipeline_from_json(sequence_json, "m").sample_shape() == Shape{40});
}

TEST_CASE("A broken saved pipeline is a FileError naming the key") {
  auto error_position = [](const json& value) {
    try {
      text_pipeline_from_json(value, "model.json");
    } catch (const FileError& error) {
      CHECK(error.file() == "model.json");
      return error.position();
    }
    FAIL("no FileError");
    return std::string();
  };
  json value = valid_json();
  value.erase("words");
  CHECK(error_position(value) == "metadata.text_features.words");
  value = valid_json();
  value["words"] = {"car", "car"};
  CHECK(error_position(value) == "metadata.text_features.words");
  value = valid_json();
  value["words"][1] = 3;
  CHECK(error_position(value) == "metadata.text_features.words[1]");
  value = valid_json();
  value["idf"] = {1.5};
  CHECK(error_position(value) == "metadata.text_features.idf");
  value = valid_json();
  value["idf"][0] = -1.0;
  CHECK(error_position(value) == "metadata.text_features.idf[0]");
  value = valid_json();
  value["kind"] = "words";
  CHECK(error_position(value) == "metadata.text_features.kind");
  value = valid_json();
  value["cleaning"]["quotes"] = "yes";
  CHECK(error_position(value) == "metadata.text_features.cleaning.quotes");
  value = valid_json();
  value["kind"] = "sequences";
  CHECK(error_position(value) == "metadata.text_features.sequence_length");
  value["sequence_length"] = 0;
  CHECK(error_position(value) == "metadata.text_features.sequence_length");
  CHECK(error_position(json::array()) == "metadata.text_features");
}

TEST_CASE(
    "document_as_read: each word with the input it fills, by position or by vocabulary word") {
  const Vocabulary vocabulary = Vocabulary::from_words({"moon", "car", "orbit"});
  TextPipeline pipeline;
  pipeline.words = vocabulary.words();
  pipeline.features = TextFeatures::tfidf;
  const Document tfidf = document_as_read("the moon and the car", pipeline, vocabulary);
  CHECK(tfidf.words == std::vector<std::string>{"the", "moon", "and", "the", "car"});
  CHECK(tfidf.features == std::vector<int>{-1, 0, -1, -1, 1});

  pipeline.features = TextFeatures::sequences;
  pipeline.sequence_length = 3;
  const Document sequence = document_as_read("the moon and the car", pipeline, vocabulary);
  CHECK(sequence.words == tfidf.words);
  CHECK(sequence.features == std::vector<int>{0, 1, 2, -1, -1});
}

}  // namespace test_text_pipeline
