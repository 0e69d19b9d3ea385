#include "cli/text_samples.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "cli/data_loading.hpp"
#include "cli/explain_inputs.hpp"
#include "framework/errors.hpp"

namespace glassbox::cli {
namespace {

std::string read_text_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw FileError(path, "cannot be opened for reading");
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) throw FileError(path, "could not be read");
  return text.str();
}

}  // namespace

TextSamples load_text_samples(const ModelFile& model, const std::string& model_path,
                              const std::string& split, std::size_t first, std::size_t count,
                              const std::string& text_path) {
  if (!model.metadata.contains("text_features")) {
    throw FileError(model_path, "a text model needs the pipeline it was trained with",
                    "metadata.text_features");
  }
  TextSamples samples;
  samples.pipeline = text_pipeline_from_json(model.metadata.at("text_features"), model_path);
  const Vocabulary vocabulary = pipeline_vocabulary(samples.pipeline);
  NewsgroupsSplit documents;
  if (!text_path.empty()) {
    CleaningOptions cleaning = samples.pipeline.cleaning;
    cleaning.remove_headers = false;  // a file is not a news article: its first lines are text
    documents.texts.push_back(clean_document(read_text_file(text_path), cleaning));
    documents.labels.push_back(-1);
    samples.names.push_back(text_path);
    make_pipeline_features(samples.pipeline, vocabulary, documents);
  } else {
    if (split != "test" && split != "train") {
      throw ArgumentError("--split must be train or test, got \"" + split + "\"");
    }
    const auto which = split == "test" ? BydateSplits::test : BydateSplits::train;
    Newsgroups data = load_newsgroups_with(samples.pipeline, which, Subset::all(), "", true);
    NewsgroupsSplit& all = which == BydateSplits::test ? data.test : data.train;
    if (count == 0 || first >= all.size() || count > all.size() - first) {
      throw ArgumentError("--index " + std::to_string(first) + " with --count " +
                          std::to_string(count) + " goes past the " + split + " split, which has " +
                          std::to_string(all.size()) + " documents (indices 0 to " +
                          std::to_string(all.size() - 1) + ")");
    }
    for (std::size_t i = first; i < first + count; ++i) {
      documents.texts.push_back(std::move(all.texts[i]));
      documents.labels.push_back(all.labels[i]);
      samples.names.push_back(split + " #" + std::to_string(i) + " (" + all.names[i] + ")");
    }
    make_pipeline_features(samples.pipeline, vocabulary, documents);
    samples.class_names = data.class_names;
  }
  samples.inputs = samples.pipeline.features == TextFeatures::sequences
                       ? documents.sequences
                       : documents.features.densify();
  samples.labels = documents.labels;
  for (const auto& text : documents.texts) {
    samples.words.push_back(encoded_tokens(text, vocabulary));
    std::vector<int> indices;
    for (const auto& word : samples.words.back()) indices.push_back(vocabulary.index(word));
    samples.word_indices.push_back(std::move(indices));
  }
  if (samples.class_names.empty()) samples.class_names = class_names_of(model, model_path);
  return samples;
}

render::TextExplanation explained_words(const TextSamples& samples, const Tensor& relevance,
                                        std::size_t n, const std::string& title) {
  const auto& words = samples.words.at(n);
  const auto& indices = samples.word_indices.at(n);
  const std::size_t per_document = relevance.size() / relevance.shape(0);
  const float* row = relevance.data() + n * per_document;
  render::TextExplanation document{title, words, Tensor::from_shape({words.size()})};
  if (samples.pipeline.features == TextFeatures::sequences) {
    for (std::size_t k = 0; k < words.size(); ++k) {
      document.relevances(k) = k < per_document ? row[k] : 0.0f;
    }
    return document;
  }
  std::map<int, int> occurrences;
  for (const int index : indices) ++occurrences[index];
  for (std::size_t k = 0; k < words.size(); ++k) {
    const int index = indices[k];
    document.relevances(k) = index < 0 ? 0.0f : row[index] / static_cast<float>(occurrences[index]);
  }
  return document;
}

std::vector<std::pair<std::string, float>> strongest_words(const render::TextExplanation& document,
                                                           std::size_t count, bool most_positive) {
  std::map<std::string, float> totals;
  for (std::size_t k = 0; k < document.words.size(); ++k) {
    totals[document.words[k]] += document.relevances.data()[k];
  }
  std::vector<std::pair<std::string, float>> ranked;
  for (const auto& entry : totals) {
    if (most_positive ? entry.second > 0.0f : entry.second < 0.0f) ranked.push_back(entry);
  }
  std::sort(ranked.begin(), ranked.end(), [&](const auto& a, const auto& b) {
    return most_positive ? a.second > b.second : a.second < b.second;
  });
  if (ranked.size() > count) ranked.resize(count);
  return ranked;
}

}  // namespace glassbox::cli
