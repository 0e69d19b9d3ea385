// Tutorial 14: improving a model from its explanations, on 20 Newsgroups with a softmax regression
// on tf-idf features (tutorials/14_improving_models/README.md). Three of the ways:
//
//   feature selection   keep the k words with the most relevance summed over the training
//                       articles, retrain, and compare with keeping the k most frequent words and
//                       k random words                                  → feature_selection.png
//   a sparsity penalty  train with λ·Σ|w| (framework/optimizers/l1_proximal.hpp) and count the
//                       words that keep any weight and those that carry the relevance
//                                                                       → sparsity.png
//   wrong predictions   one misclassified article, explained for the class the model chose and
//                       for the true one                                 → misclassified.png
//
// Checks the page's promises (TutorialRun::promise).
//
// Shapes: tf-idf inputs N×V (V = 5,000 vocabulary words), relevance N×V; a selection keeps k of
// the V columns, N×k.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include <xtensor/xindex_view.hpp>
#include <xtensor/xview.hpp>

#include "datasets/newsgroups/newsgroups.hpp"
#include "datasets/newsgroups/text_pipeline.hpp"
#include "explain/lrp/lrp.hpp"
#include "explain/render/line_plot.hpp"
#include "explain/render/text_heatmap.hpp"
#include "explain/text_relevance.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/adam.hpp"
#include "framework/optimizers/l1_proximal.hpp"
#include "framework/optimizers/sgd.hpp"
#include "framework/random.hpp"
#include "framework/training/metrics.hpp"
#include "framework/training/trainer.hpp"
#include "tutorials/common/figure_panels.hpp"
#include "tutorials/common/promise_text.hpp"
#include "tutorials/common/tutorial_support.hpp"

using namespace glassbox;

namespace {

// Softmax regression on whatever columns `train` has, trained with Adam (lr 0.01). Same seed
// every time, so runs differ only by their data.
Sequential train_softmax_regression(const LabeledData& train, int epochs) {
  Sequential model = build_model("dense:20", train.sample_shape(), 1);
  AdamSettings adam;
  adam.learning_rate = 0.01f;
  Adam optimizer(adam);
  TrainingSettings settings;
  settings.epochs = epochs;
  settings.progress = false;
  train_classifier(model, optimizer, train, nullptr, settings);
  return model;
}

// The same model trained with the L1 proximal step (docs/math/l1_penalty.md) around SGD with
// momentum. Not Adam: Adam divides each step by the gradient's own scale, so a rare word's weight
// moves as far per step as a common one's and outruns the shrinkage η·λ; with SGD a weight the
// loss barely pushes moves little, and the shrinkage sets it to exactly 0.
Sequential train_sparse_softmax_regression(const LabeledData& train, int epochs, float lambda) {
  Sequential model = build_model("dense:20", train.sample_shape(), 1);
  SgdSettings sgd;
  sgd.learning_rate = 0.5f;
  sgd.momentum = 0.9f;
  L1Proximal optimizer(std::make_unique<Sgd>(sgd), lambda);
  TrainingSettings settings;
  settings.epochs = epochs;
  settings.progress = false;
  train_classifier(model, optimizer, train, nullptr, settings);
  return model;
}

// The data with only the columns in `words` (ascending or not: the order is the new columns').
LabeledData keep_columns(const LabeledData& data, const std::vector<std::size_t>& words) {
  LabeledData kept = data;
  kept.inputs = xt::view(data.inputs, xt::all(), xt::keep(words));
  return kept;
}

// The k indices with the largest `score`, ties broken by index.
std::vector<std::size_t> top_k(const std::vector<double>& score, std::size_t k) {
  std::vector<std::size_t> order(score.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
  order.resize(k);
  return order;
}

// Σ_n R_nv over the articles, explaining each one's own class with LRP-ε: what each word did for
// the model's right answers and against its wrong ones.
std::vector<double> total_relevance(Sequential& model, const LabeledData& data) {
  const explain::LrpExplanation explanation =
      explain::lrp(model, data.inputs, data.labels, explain::make_composite("epsilon"));
  const std::size_t vocabulary = data.inputs.shape(1);
  std::vector<double> total(vocabulary, 0.0);
  for (std::size_t n = 0; n < data.size(); ++n) {
    const float* row = explanation.relevance.data() + n * vocabulary;
    for (std::size_t v = 0; v < vocabulary; ++v) total[v] += row[v];
  }
  return total;
}

// How many words a model uses: those with any non-zero weight (a row of W), and the fewest words
// that hold 90% of the test articles' summed |R|.
struct WordsInUse {
  std::size_t with_weight = 0;
  std::size_t holding_90_percent = 0;
};

WordsInUse words_in_use(Sequential& model, const LabeledData& test) {
  WordsInUse use;
  const Tensor& weight = *model.layer(0).parameters()[0].value;  // V×K
  for (std::size_t v = 0; v < weight.shape(0); ++v) {
    bool any = false;
    for (std::size_t c = 0; c < weight.shape(1); ++c) any = any || weight(v, c) != 0.0f;
    use.with_weight += any ? 1 : 0;
  }
  const explain::LrpExplanation explanation =
      explain::lrp(model, test.inputs, {}, explain::make_composite("epsilon"));
  const std::size_t vocabulary = test.inputs.shape(1);
  std::vector<double> magnitude(vocabulary, 0.0);
  for (std::size_t n = 0; n < test.size(); ++n) {
    const float* row = explanation.relevance.data() + n * vocabulary;
    for (std::size_t v = 0; v < vocabulary; ++v) magnitude[v] += std::abs(row[v]);
  }
  std::sort(magnitude.begin(), magnitude.end(), std::greater<>());
  const double whole = std::accumulate(magnitude.begin(), magnitude.end(), 0.0);
  double running = 0.0;
  while (use.holding_90_percent < vocabulary && running < 0.9 * whole) {
    running += magnitude[use.holding_90_percent++];
  }
  return use;
}

void lesson(const tutorials::TutorialRun& run) {
  const std::string& folder = run.folder();
  // Step 1: tf-idf over the 5,000 words found in most training articles (tutorial 10's features).
  NewsgroupsOptions options;
  options.vocabulary.max_size = run.choose<std::size_t>(5000, 2000);
  options.vocabulary.min_document_frequency = 2;
  options.tfidf.sublinear_tf = true;
  options.keep_texts = true;
  if (run.quick()) {
    options.train_subset = Subset::random_sample(3000, 1);
    options.test_subset = Subset::random_sample(1500, 1);
  }
  const Newsgroups data = load_newsgroups(options);
  const LabeledData train = to_labeled_data(data.train, data.class_names);
  const LabeledData test = to_labeled_data(data.test, data.class_names);
  const std::size_t vocabulary = data.vocabulary.size();
  const int epochs = run.choose(4, 3);

  Sequential model = train_softmax_regression(train, epochs);
  const double full_accuracy = evaluate(model, test).accuracy;
  std::printf("all %zu words: test accuracy %.2f%%\n", vocabulary, 100.0 * full_accuracy);
  tutorials::promise_test_accuracy(run, "softmax regression on every word", full_accuracy,
                                   run.choose(0.78, 0.6));

  // Step 2: feature selection. Three rankings of the words, from the training articles only.
  const std::vector<double> relevance_score = total_relevance(model, train);
  std::vector<double> frequency(vocabulary, 0.0);  // documents containing the word
  for (std::size_t n = 0; n < train.size(); ++n) {
    const float* row = train.inputs.data() + n * vocabulary;
    for (std::size_t v = 0; v < vocabulary; ++v) frequency[v] += row[v] > 0.0f ? 1.0 : 0.0;
  }
  std::vector<std::size_t> shuffled(vocabulary);
  std::iota(shuffled.begin(), shuffled.end(), std::size_t{0});
  Rng rng(7);
  std::shuffle(shuffled.begin(), shuffled.end(), rng);

  const std::vector<std::size_t> ks =
      run.quick() ? std::vector<std::size_t>{50, 200, 1000}
                  : std::vector<std::size_t>{25, 50, 100, 200, 500, 1000, 2000};
  std::vector<double> x, by_relevance, by_frequency, at_random, everything;
  std::printf("%6s  %9s  %9s  %9s   (test accuracy, retrained on the kept words)\n", "k",
              "relevance", "frequency", "random");
  for (const std::size_t k : ks) {
    auto accuracy_with = [&](const std::vector<std::size_t>& words) {
      Sequential small = train_softmax_regression(keep_columns(train, words), epochs);
      return evaluate(small, keep_columns(test, words)).accuracy;
    };
    const std::vector<std::size_t> random_words(shuffled.begin(), shuffled.begin() + k);
    x.push_back(std::log10(static_cast<double>(k)));
    by_relevance.push_back(accuracy_with(top_k(relevance_score, k)));
    by_frequency.push_back(accuracy_with(top_k(frequency, k)));
    at_random.push_back(accuracy_with(random_words));
    everything.push_back(full_accuracy);
    std::printf("%6zu  %8.2f%%  %8.2f%%  %8.2f%%\n", k, 100.0 * by_relevance.back(),
                100.0 * by_frequency.back(), 100.0 * at_random.back());
  }
  render::LinePlotOptions plot;
  plot.title = "test accuracy, retrained on k words";
  plot.x_label = "log10 k (k = words kept)";
  render::write_line_plot_png(
      folder + "feature_selection.png", x,
      {{"most relevant", by_relevance, render::series_color(0)},
       {"most frequent", by_frequency, render::series_color(1)},
       {"random", at_random, render::series_color(2)},
       {"all " + std::to_string(vocabulary) + " words", everything, render::kFrameColor}},
      plot);

  // Step 3: the L1 penalty. How many words keep a weight, and how many carry 90% of the relevance.
  const std::vector<float> lambdas = run.quick()
                                         ? std::vector<float>{0.0f, 1e-2f}
                                         : std::vector<float>{0.0f, 3e-4f, 1e-3f, 3e-3f, 1e-2f};
  std::vector<double> lambda_x, l1_accuracy, with_weight, holding;
  std::printf("%8s  %9s  %12s  %14s\n", "lambda", "accuracy", "words w != 0", "90% of |R| in");
  for (const float lambda : lambdas) {
    Sequential sparse = train_sparse_softmax_regression(train, epochs, lambda);
    const double accuracy = evaluate(sparse, test).accuracy;
    const WordsInUse use = words_in_use(sparse, test);
    lambda_x.push_back(static_cast<double>(lambda_x.size()));
    l1_accuracy.push_back(100.0 * accuracy);
    with_weight.push_back(static_cast<double>(use.with_weight));
    holding.push_back(static_cast<double>(use.holding_90_percent));
    std::printf("%8.0e  %8.2f%%  %12zu  %14zu\n", static_cast<double>(lambda), 100.0 * accuracy,
                use.with_weight, use.holding_90_percent);
  }
  render::LinePlotOptions words_plot;
  words_plot.title = "words in use";
  words_plot.x_label = "lambda:";
  for (const float lambda : lambdas) {
    words_plot.x_label +=
        lambda == 0.0f ? " 0" : tutorials::formatted(" %.0e", static_cast<double>(lambda));
  }
  render::LinePlotOptions accuracy_plot = words_plot;
  accuracy_plot.title = "test accuracy (%)";
  tutorials::write_plots_side_by_side(
      folder + "sparsity.png",
      {{lambda_x,
        {{"any weight", with_weight, render::series_color(0)},
         {"90% of |R|", holding, render::series_color(1)}},
        "words in use"},
       {lambda_x, {{"accuracy", l1_accuracy, render::series_color(2)}}, "test accuracy (%)"}},
      words_plot);

  // Step 4: a wrong prediction, explained for the class the model chose and for the true class:
  // the first misclassified test article of at most 120 words.
  const Labels predicted = predicted_classes(model.predict(test.inputs));
  const TextPipeline pipeline = text_pipeline_of(data, options);
  for (std::size_t n = 0; n < test.size(); ++n) {
    if (predicted[n] == test.labels[n]) continue;
    const Document document = document_as_read(data.test.texts[n], pipeline, data.vocabulary);
    if (document.words.size() > 120 || document.words.size() < 30) continue;
    const Tensor one = xt::view(test.inputs, xt::range(n, n + 1), xt::all());
    std::vector<render::TextExplanation> panels;
    for (const int c : {predicted[n], test.labels[n]}) {
      const explain::LrpExplanation explanation =
          explain::lrp(model, one, {c}, explain::make_composite("epsilon"));
      const std::string role = c == predicted[n] ? "chosen (wrong)" : "true";
      panels.push_back(
          {data.test.names[n] + ": relevance for " + data.class_names[static_cast<std::size_t>(c)] +
               ", the " + role + " class",
           document.words, explain::word_relevance(explanation.relevance, 0, document.features)});
    }
    render::TextHeatmapOptions picture;
    picture.line_width = 72;
    render::write_text_heatmap_png(folder + "misclassified.png", panels, picture);
    std::printf("misclassified: %s, filed under %s\n", data.test.names[n].c_str(),
                data.class_names[static_cast<std::size_t>(predicted[n])].c_str());
    break;
  }
  std::printf("figures written to %sfeature_selection.png, sparsity.png, misclassified.png\n",
              folder.c_str());

  // The promises the page makes.
  const std::size_t middle = ks.size() / 2;
  run.promise(
      by_relevance[middle] > by_frequency[middle] && by_relevance[middle] > at_random[middle],
      tutorials::formatted("with k = %zu words, the most relevant beat the most frequent "
                           "and random ones (%.2f%%, %.2f%%, %.2f%%)",
                           ks[middle], 100.0 * by_relevance[middle], 100.0 * by_frequency[middle],
                           100.0 * at_random[middle]));
  run.promise(with_weight.back() < 0.5 * with_weight.front(),
              tutorials::formatted("the strongest L1 penalty leaves fewer than half the words with "
                                   "any weight (%.0f of %.0f)",
                                   with_weight.back(), with_weight.front()));
}

}  // namespace

int main(int argc, char** argv) {
  return tutorials::run_tutorial(argc, argv, "14_improving_models", lesson);
}
