// What the text tutorials (12, 13, 17) share: a 20 Newsgroups model trained as the text presets
// train theirs (Adam, cosine schedule, batches of 64), its inputs and predictions batch by batch,
// and one test article's word relevance placed on the article as written.
//
// tf-idf features stay sparse until a batch needs them (SparseBatches): the training split with
// 30,000 words is 1.36 GB as dense floats. Token ids (N×T) are small and kept dense.
//
// Shapes: a split of N articles; inputs of articles [b, e) (e − b)×V (tf-idf) or (e − b)×T (ids);
// relevance N×V or N×T; one article's words W, with W byte ranges of its text.
#pragma once

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <xtensor/xview.hpp>

#include "datasets/newsgroups/features.hpp"
#include "datasets/newsgroups/newsgroups.hpp"
#include "datasets/newsgroups/sparse_batches.hpp"
#include "datasets/newsgroups/text_pipeline.hpp"
#include "explain/render/text_as_written.hpp"
#include "explain/text_relevance.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/adam.hpp"
#include "framework/optimizers/schedule.hpp"
#include "framework/presets.hpp"
#include "framework/training/batch_source.hpp"
#include "framework/training/metrics.hpp"
#include "framework/training/trainer.hpp"

namespace glassbox::tutorials {

// The tf-idf features the text tutorials share: sublinear tf-idf over the words found in most
// training articles (at least 2), texts kept to show them; 10,000 words, or for a quick run 5,000
// words and a random 3,000 of the training articles (seed 1).
inline NewsgroupsOptions tutorial_tfidf_options(bool quick) {
  NewsgroupsOptions options;
  options.vocabulary.max_size = quick ? 5000 : 10000;
  options.vocabulary.min_document_frequency = 2;
  options.tfidf.sublinear_tf = true;
  options.keep_texts = true;
  if (quick) options.train_subset = Subset::random_sample(3000, 1);
  return options;
}

// Articles [begin, end) of `split` as the model reads them.
inline Tensor text_inputs(const NewsgroupsSplit& split, std::size_t begin, std::size_t end) {
  if (split.sequences.dimension() == 2) return xt::view(split.sequences, xt::range(begin, end));
  return split.features.densify_rows(begin, end);
}

// A split as a source of training or evaluation batches. Refers to `split`.
struct TextBatches {
  LabeledData dense;  // token ids only
  std::unique_ptr<BatchSource> source;
  TextBatches(const NewsgroupsSplit& split, const std::vector<std::string>& class_names) {
    if (split.sequences.dimension() == 2) {
      dense = to_labeled_data(split, class_names);
      source = std::make_unique<DenseBatches>(dense);
    } else {
      source = std::make_unique<SparseBatches>(split.features, split.labels, class_names.size(),
                                               split.description);
    }
  }
};

// One trained text model with the data it was trained and tested on.
struct TextModel {
  std::string name;  // "text MLP", for messages and figures
  NewsgroupsOptions options;
  Newsgroups data;
  TextPipeline pipeline;  // how data's texts become inputs, to read one article as the model does
  Sequential model;
  double test_accuracy = 0.0;
};

// How to train one: a preset's settings, which the tutorials may shorten.
struct TextTraining {
  std::string layers;  // a layer spec; VOCAB is replaced by the token id count
  float learning_rate = 1e-3f;
  int epochs = 10;
  std::string loss = "cross-entropy";
  float weight_decay = 0.0f;
};

inline TextTraining training_of(const Preset& preset, int epochs) {
  return {preset.layers, preset.learning_rate, epochs, preset.loss, preset.weight_decay};
}

// Loads 20 Newsgroups as `options` say, trains with seed 1 and scores on the test split.
inline TextModel train_text_model(const std::string& name, const NewsgroupsOptions& options,
                                  const TextTraining& training) {
  Newsgroups data = load_newsgroups(options);
  const TextBatches train(data.train, data.class_names), test(data.test, data.class_names);
  Sequential model = build_model(with_token_count(training.layers, data.vocabulary.size() + 2),
                                 train.source->sample_shape(), 1);
  AdamSettings adam;
  adam.learning_rate = training.learning_rate;
  adam.weight_decay = training.weight_decay;
  Adam optimizer(adam);
  TrainingSettings settings;
  settings.epochs = training.epochs;
  settings.schedule = parse_schedule("cosine", training.epochs);
  settings.loss = training.loss;
  train_classifier(model, optimizer, *train.source, nullptr, settings);
  const double accuracy = evaluate(model, *test.source).accuracy;
  TextPipeline pipeline = text_pipeline_of(data, options);
  return {name, options, std::move(data), std::move(pipeline), std::move(model), accuracy};
}

// The class the model gives each article of `split`.
inline Labels text_predictions(Sequential& model, const NewsgroupsSplit& split) {
  Labels all;
  for (std::size_t begin = 0; begin < split.size(); begin += 500) {
    const Labels some = predicted_classes(
        model.predict(text_inputs(split, begin, std::min(begin + 500, split.size()))));
    all.insert(all.end(), some.begin(), some.end());
  }
  return all;
}

// Test article n's words as ranges of its text with their relevance, from `relevance` (row `row`,
// the article's inputs: V or T values) shared among the words that filled each input
// (explain::word_relevance). Needs the loader's keep_texts.
inline std::vector<render::WrittenWord> words_as_written(const TextModel& text,
                                                         const Tensor& relevance, std::size_t row,
                                                         std::size_t n) {
  const std::string& article = text.data.test.texts.at(n);
  const Document document = document_as_read(article, text.pipeline, text.data.vocabulary);
  const std::vector<TextSpan> spans = encoded_token_spans(article, text.data.vocabulary);
  const Tensor shares = explain::word_relevance(relevance, row, document.features);
  std::vector<render::WrittenWord> words;
  for (std::size_t k = 0; k < spans.size(); ++k) {
    words.push_back({spans[k].begin, spans[k].end, shares(k)});
  }
  return words;
}

// " w1 (+0.013) w2 (+0.011) …": the `count` words of `text` with the most relevance, lower-cased,
// each once, at its strongest occurrence.
inline std::string strongest_written_words(const std::string& text,
                                           std::vector<render::WrittenWord> words,
                                           std::size_t count) {
  std::sort(words.begin(), words.end(),
            [](const auto& a, const auto& b) { return a.relevance > b.relevance; });
  std::vector<std::string> listed;
  std::string line;
  for (const render::WrittenWord& w : words) {
    std::string word = text.substr(w.begin, w.end - w.begin);
    std::transform(word.begin(), word.end(), word.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (std::find(listed.begin(), listed.end(), word) != listed.end()) continue;
    char value[32];
    std::snprintf(value, sizeof value, " (%+.3f)", static_cast<double>(w.relevance));
    line += " " + word + value;
    listed.push_back(word);
    if (listed.size() == count) break;
  }
  return line;
}

}  // namespace glassbox::tutorials
