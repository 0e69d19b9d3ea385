#include "datasets/newsgroups/text_pipeline.hpp"

#include <cmath>
#include <utility>

#include "datasets/data_directory.hpp"
#include "datasets/newsgroups/features.hpp"
#include "framework/errors.hpp"

namespace glassbox {
namespace {

using nlohmann::json;

// Reads the pipeline's keys, each failure a FileError naming the key path.
class PipelineReader {
 public:
  PipelineReader(std::string source, std::string position)
      : source_(std::move(source)), position_(std::move(position)) {}

  [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
    throw FileError(source_, problem, key.empty() ? position_ : position_ + "." + key);
  }

  const json& field(const json& object, const std::string& key) const {
    if (!object.contains(key)) fail(key, "missing key \"" + key + "\"");
    return object.at(key);
  }

  bool flag(const json& object, const std::string& key, const std::string& path) const {
    const json& value = field(object, key);
    if (!value.is_boolean()) fail(path, "expected true or false");
    return value.get<bool>();
  }

 private:
  std::string source_, position_;
};

std::string describe(const std::string& split_name, const TextPipeline& pipeline,
                     const Subset& subset) {
  std::string details = text_features_name(pipeline.features);
  if (pipeline.features == TextFeatures::tfidf && pipeline.sublinear_tf) details += " sublinear";
  details += ", " + std::to_string(pipeline.words.size()) + " words";
  if (pipeline.features == TextFeatures::sequences) {
    details += ", length " + std::to_string(pipeline.sequence_length);
  }
  const std::string cleaning = describe_cleaning(pipeline.cleaning);
  if (!cleaning.empty()) details += ", " + cleaning;
  const std::string kept = subset.describe();
  if (!kept.empty()) details += ", " + kept;
  return "20news " + split_name + " (" + details + ")";
}

}  // namespace

Shape TextPipeline::sample_shape() const {
  return {features == TextFeatures::sequences ? sequence_length : words.size()};
}

TextPipeline text_pipeline_of(const Newsgroups& data, const NewsgroupsOptions& options) {
  TextPipeline pipeline;
  pipeline.features = options.features;
  pipeline.cleaning = options.cleaning;
  pipeline.stop_words_removed = data.vocabulary.stop_words_removed();
  pipeline.words = data.vocabulary.words();
  if (options.features == TextFeatures::tfidf) {
    pipeline.idf = inverse_document_frequencies(data.vocabulary);
    pipeline.sublinear_tf = options.tfidf.sublinear_tf;
  }
  if (options.features == TextFeatures::sequences) {
    pipeline.sequence_length = options.sequence_length;
  }
  return pipeline;
}

json text_pipeline_to_json(const TextPipeline& pipeline) {
  json value = {{"kind", text_features_name(pipeline.features)},
                {"cleaning",
                 {{"headers", pipeline.cleaning.remove_headers},
                  {"footers", pipeline.cleaning.remove_footers},
                  {"quotes", pipeline.cleaning.remove_quotes}}},
                {"stop_words_removed", pipeline.stop_words_removed},
                {"words", pipeline.words}};
  if (pipeline.features == TextFeatures::tfidf) {
    value["idf"] = pipeline.idf;
    value["sublinear_tf"] = pipeline.sublinear_tf;
  }
  if (pipeline.features == TextFeatures::sequences) {
    value["sequence_length"] = pipeline.sequence_length;
  }
  return value;
}

TextPipeline text_pipeline_from_json(const json& value, const std::string& source,
                                     const std::string& position) {
  const PipelineReader reader(source, position);
  if (!value.is_object()) reader.fail("", "expected an object");
  TextPipeline pipeline;

  const json& kind = reader.field(value, "kind");
  if (!kind.is_string()) reader.fail("kind", "expected tfidf, bag-of-words or sequences");
  try {
    pipeline.features = parse_text_features(kind.get<std::string>());
  } catch (const ArgumentError& error) {
    reader.fail("kind", error.what());
  }

  const json& cleaning = reader.field(value, "cleaning");
  if (!cleaning.is_object()) reader.fail("cleaning", "expected an object");
  pipeline.cleaning.remove_headers = reader.flag(cleaning, "headers", "cleaning.headers");
  pipeline.cleaning.remove_footers = reader.flag(cleaning, "footers", "cleaning.footers");
  pipeline.cleaning.remove_quotes = reader.flag(cleaning, "quotes", "cleaning.quotes");
  pipeline.stop_words_removed = reader.flag(value, "stop_words_removed", "stop_words_removed");

  const json& words = reader.field(value, "words");
  if (!words.is_array() || words.empty()) reader.fail("words", "expected a non-empty array");
  pipeline.words.reserve(words.size());
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (!words[i].is_string()) {
      reader.fail("words[" + std::to_string(i) + "]", "expected a word (a string)");
    }
    pipeline.words.push_back(words[i].get<std::string>());
  }
  // Empty or repeated words would make the encoding ambiguous; Vocabulary says which.
  try {
    Vocabulary::from_words(pipeline.words);
  } catch (const ArgumentError& error) {
    reader.fail("words", error.what());
  }

  if (pipeline.features == TextFeatures::tfidf) {
    const json& idf = reader.field(value, "idf");
    if (!idf.is_array() || idf.size() != pipeline.words.size()) {
      reader.fail("idf",
                  "expected " + std::to_string(pipeline.words.size()) + " numbers, one per word");
    }
    for (std::size_t i = 0; i < idf.size(); ++i) {
      if (!idf[i].is_number() || !std::isfinite(idf[i].get<double>()) ||
          idf[i].get<double>() <= 0.0) {
        reader.fail("idf[" + std::to_string(i) + "]", "expected a positive number");
      }
      pipeline.idf.push_back(idf[i].get<double>());
    }
    pipeline.sublinear_tf = reader.flag(value, "sublinear_tf", "sublinear_tf");
  }
  if (pipeline.features == TextFeatures::sequences) {
    const json& length = reader.field(value, "sequence_length");
    if (!length.is_number_integer() || length.get<std::int64_t>() < 1) {
      reader.fail("sequence_length", "expected a whole number >= 1");
    }
    pipeline.sequence_length = static_cast<std::size_t>(length.get<std::int64_t>());
  }
  return pipeline;
}

Vocabulary pipeline_vocabulary(const TextPipeline& pipeline) {
  return Vocabulary::from_words(pipeline.words, pipeline.stop_words_removed);
}

Document document_as_read(const std::string& text, const TextPipeline& pipeline,
                          const Vocabulary& vocabulary) {
  Document document{encoded_tokens(text, vocabulary), {}};
  for (std::size_t k = 0; k < document.words.size(); ++k) {
    if (pipeline.features == TextFeatures::sequences) {
      document.features.push_back(k < pipeline.sequence_length ? static_cast<int>(k) : -1);
    } else {
      document.features.push_back(vocabulary.index(document.words[k]));
    }
  }
  return document;
}

void make_pipeline_features(const TextPipeline& pipeline, const Vocabulary& vocabulary,
                            NewsgroupsSplit& split) {
  const EncodedDocuments encoded = encode_documents(split.texts, vocabulary);
  switch (pipeline.features) {
    case TextFeatures::bag_of_words:
      split.features = bag_of_words(encoded, vocabulary.size());
      break;
    case TextFeatures::tfidf:
      split.features = tfidf(bag_of_words(encoded, vocabulary.size()), pipeline.idf,
                             TfidfOptions{pipeline.sublinear_tf});
      break;
    case TextFeatures::sequences:
      split.sequences = token_sequences(encoded, pipeline.sequence_length);
      break;
  }
}

Newsgroups load_newsgroups_with(const TextPipeline& pipeline, BydateSplits split,
                                const Subset& subset, const std::string& data_directory,
                                bool keep_texts) {
  if (split == BydateSplits::both) {
    throw ArgumentError("load_newsgroups_with reads one split at a time (train or test)");
  }
  Newsgroups data;
  data.source =
      find_newsgroups_source(data_directory.empty() ? find_data_directory() : data_directory);
  BydateCorpus corpus = read_bydate(data.source, split);
  data.class_names = std::move(corpus.class_names);
  NewsgroupsDocuments& documents = split == BydateSplits::train ? corpus.train : corpus.test;
  NewsgroupsSplit& kept = split == BydateSplits::train ? data.train : data.test;
  for (const std::size_t index : subset.indices(documents.size())) {
    kept.labels.push_back(documents.labels[index]);
    kept.names.push_back(std::move(documents.names[index]));
    kept.texts.push_back(clean_document(documents.texts[index], pipeline.cleaning));
    kept.raw_bytes += documents.raw_sizes[index];
  }
  documents = NewsgroupsDocuments{};

  data.vocabulary = pipeline_vocabulary(pipeline);
  make_pipeline_features(pipeline, data.vocabulary, kept);
  if (!keep_texts) std::vector<std::string>().swap(kept.texts);
  kept.description = describe(split == BydateSplits::train ? "train" : "test", pipeline, subset);
  return data;
}

}  // namespace glassbox
