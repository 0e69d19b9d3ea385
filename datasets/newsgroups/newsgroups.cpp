#include "datasets/newsgroups/newsgroups.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <system_error>
#include <utility>

#include "datasets/data_directory.hpp"
#include "datasets/newsgroups/archive_reader.hpp"
#include "framework/errors.hpp"

namespace glassbox {

namespace {

namespace fs = std::filesystem;

const char kArchive[] = "20news/20news-bydate.tar.gz";

class Stopwatch {
 public:
  // Seconds since the last call (or since construction).
  double lap() {
    const auto now = std::chrono::steady_clock::now();
    const double seconds = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    return seconds;
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// The split's documents at the subset's indices, moved out of `documents`.
NewsgroupsSplit keep_subset(NewsgroupsDocuments& documents, const Subset& subset) {
  NewsgroupsSplit split;
  const std::vector<std::size_t> kept = subset.indices(documents.size());
  split.labels.reserve(kept.size());
  split.names.reserve(kept.size());
  split.texts.reserve(kept.size());
  for (std::size_t index : kept) {
    split.labels.push_back(documents.labels[index]);
    split.names.push_back(std::move(documents.names[index]));
    split.texts.push_back(std::move(documents.texts[index]));
    split.raw_bytes += documents.raw_sizes[index];
  }
  documents = NewsgroupsDocuments{};
  return split;
}

void clean_split(NewsgroupsSplit& split, const CleaningOptions& cleaning) {
  if (!cleaning.any()) return;
  for (std::string& text : split.texts) text = clean_document(text, cleaning);
}

std::string describe(const std::string& split_name, const NewsgroupsOptions& options,
                     const Vocabulary& vocabulary, const Subset& subset) {
  std::string details = text_features_name(options.features);
  if (options.features == TextFeatures::tfidf && options.tfidf.sublinear_tf) {
    details += " sublinear";
  }
  details += ", " + std::to_string(vocabulary.size()) + " words";
  if (options.features == TextFeatures::sequences) {
    details += ", length " + std::to_string(options.sequence_length);
  }
  const std::string cleaning = describe_cleaning(options.cleaning);
  if (!cleaning.empty()) details += ", " + cleaning;
  const std::string kept = subset.describe();
  if (!kept.empty()) details += ", " + kept;
  return "20news " + split_name + " (" + details + ")";
}

}  // namespace

std::string find_newsgroups_source(const std::string& data_directory) {
  std::error_code error;
  const fs::path archive = fs::path(data_directory) / kArchive;
  const fs::path folder = fs::path(data_directory) / "20news";
  if (!fs::exists(archive, error) && fs::is_directory(folder / kBydateTrainFolder, error)) {
    return folder.string();
  }
  return data_file(data_directory, kArchive);  // throws, naming the archive, if missing
}

Newsgroups load_newsgroups(const NewsgroupsOptions& options) {
  if (options.features == TextFeatures::sequences && options.sequence_length == 0) {
    throw ArgumentError("sequence length must be at least 1");
  }
  Stopwatch stopwatch;
  Newsgroups data;
  const std::string directory =
      options.data_directory.empty() ? find_data_directory() : options.data_directory;
  data.source = find_newsgroups_source(directory);
  BydateCorpus corpus =
      read_bydate(data.source, options.include_test ? BydateSplits::both : BydateSplits::train);
  data.class_names = std::move(corpus.class_names);
  data.train = keep_subset(corpus.train, options.train_subset);
  if (options.include_test) data.test = keep_subset(corpus.test, options.test_subset);
  data.timings.read = stopwatch.lap();

  clean_split(data.train, options.cleaning);
  clean_split(data.test, options.cleaning);
  data.timings.cleaning = stopwatch.lap();

  data.vocabulary = Vocabulary::build(data.train.texts, options.vocabulary);
  data.timings.vocabulary = stopwatch.lap();

  const std::vector<double> idf = options.features == TextFeatures::tfidf
                                      ? inverse_document_frequencies(data.vocabulary)
                                      : std::vector<double>{};
  const std::pair<NewsgroupsSplit*, const Subset*> splits[] = {{&data.train, &options.train_subset},
                                                               {&data.test, &options.test_subset}};
  for (const auto& [split, subset] : splits) {
    if (split == &data.test && !options.include_test) continue;
    const EncodedDocuments encoded = encode_documents(split->texts, data.vocabulary);
    data.timings.encoding += stopwatch.lap();
    switch (options.features) {
      case TextFeatures::bag_of_words:
        split->features = bag_of_words(encoded, data.vocabulary.size());
        break;
      case TextFeatures::tfidf:
        split->features = tfidf(bag_of_words(encoded, data.vocabulary.size()), idf, options.tfidf);
        break;
      case TextFeatures::sequences:
        split->sequences = token_sequences(encoded, options.sequence_length);
        break;
    }
    if (!options.keep_texts) std::vector<std::string>().swap(split->texts);
    split->description =
        describe(split == &data.train ? "train" : "test", options, data.vocabulary, *subset);
    data.timings.features += stopwatch.lap();
  }
  return data;
}

LabeledData to_labeled_data(const NewsgroupsSplit& split,
                            const std::vector<std::string>& class_names) {
  LabeledData data;
  if (split.sequences.dimension() == 2) {
    data.inputs = split.sequences;
  } else {
    const std::size_t elements = split.features.rows * split.features.columns;
    if (split.features.columns != 0 && elements / split.features.columns != split.features.rows) {
      throw ArgumentError("the features of " + split.description + " are too large to densify");
    }
    if (elements > kMostDenseElements) {
      throw ArgumentError(
          "densifying " + split.description + " would take " + std::to_string(elements) +
          " floats (" + std::to_string(split.features.rows) + "x" +
          std::to_string(split.features.columns) + "), more than " +
          std::to_string(kMostDenseElements) +
          "; limit the vocabulary (max_size) or densify batches with densify_rows/gather_rows");
    }
    data.inputs = split.features.densify();
  }
  data.labels = split.labels;
  data.class_names = class_names;
  data.description = split.description;
  return data;
}

TextFeatures parse_text_features(const std::string& name) {
  if (name == "bag-of-words") return TextFeatures::bag_of_words;
  if (name == "tfidf") return TextFeatures::tfidf;
  if (name == "sequences") return TextFeatures::sequences;
  throw ArgumentError("unknown text features '" + name +
                      "' (expected bag-of-words, tfidf or sequences)");
}

std::string text_features_name(TextFeatures features) {
  switch (features) {
    case TextFeatures::bag_of_words:
      return "bag-of-words";
    case TextFeatures::tfidf:
      return "tfidf";
    case TextFeatures::sequences:
      return "sequences";
  }
  return "";
}

}  // namespace glassbox
