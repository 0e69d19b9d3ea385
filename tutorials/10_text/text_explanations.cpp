// Tutorial 10: which words made the model file this article under sci.space? A softmax regression
// on tf-idf features of 20 Newsgroups, explained with LRP-epsilon per vocabulary word
// (tutorials/10_text/README.md).
//
// Writes documents.html (three test articles, every word coloured by its relevance) and
// sci_space.png (one short sci.space article, the same way, as a picture), and prints,
// for a few classes, the words with the most relevance summed over the correctly classified test
// articles of that class. Checks the page's promises (TutorialRun::promise): the accuracy floor,
// LRP-ε's sum for one linear layer, and that the coloured words add up to the article's relevance.
//
// Shapes: tf-idf inputs N×V (V = 5,000 vocabulary words); relevance N×V; one article's words W.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "datasets/newsgroups/newsgroups.hpp"
#include "datasets/newsgroups/text_pipeline.hpp"
#include "explain/lrp/lrp.hpp"
#include "explain/render/text_heatmap.hpp"
#include "explain/text_relevance.hpp"
#include "framework/layers/dense.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/adam.hpp"
#include "framework/training/metrics.hpp"
#include "framework/training/trainer.hpp"
#include "tutorials/common/promise_text.hpp"
#include "tutorials/common/tutorial_support.hpp"

using namespace glassbox;

namespace {

// Σ_v R_v of article n.
double article_total(const Tensor& relevance, std::size_t n) {
  const std::size_t vocabulary = relevance.shape(1);
  double total = 0.0;
  for (std::size_t v = 0; v < vocabulary; ++v) total += relevance.data()[n * vocabulary + v];
  return total;
}

// The coloured words of one article add up to its Σ_v R_v: every vocabulary word in the article
// is read as at least one word of it, and shares R_v among them (R_v / c_v each).
void promise_words_add_up(const tutorials::TutorialRun& run, const std::string& name,
                          const Tensor& words, double total) {
  double sum = 0.0;
  for (const float r : words) sum += r;
  run.promise(std::abs(sum - total) <= 1e-4 * std::max(1.0, std::abs(total)),
              tutorials::formatted("the words of %s add up to its relevance (%.5f and %.5f)",
                                   name.c_str(), sum, total));
}

void lesson(const tutorials::TutorialRun& run) {
  const std::string& folder = run.folder();
  // Step 1: tf-idf over the 5,000 words found in most training articles, texts kept to show them.
  NewsgroupsOptions options;
  options.vocabulary.max_size = 5000;
  options.vocabulary.min_document_frequency = 2;
  options.tfidf.sublinear_tf = true;
  options.keep_texts = true;
  const Newsgroups data = load_newsgroups(options);
  const LabeledData train = to_labeled_data(data.train, data.class_names);
  const LabeledData test = to_labeled_data(data.test, data.class_names);

  // Step 2: softmax regression, f_c(x) = Σ_v w_vc x_v + b_c, trained with Adam.
  Sequential model = build_model("dense:20", {data.vocabulary.size()}, 1);
  AdamSettings adam;
  adam.learning_rate = 0.01f;
  Adam optimizer(adam);
  TrainingSettings settings;
  settings.epochs = run.choose(4, 2);
  train_classifier(model, optimizer, train, nullptr, settings);
  tutorials::promise_test_accuracy(run, "softmax regression", evaluate(model, test).accuracy,
                                   run.choose(0.78, 0.75));

  // Step 3: LRP-epsilon for every test article: relevance per vocabulary word.
  const explain::LrpExplanation explanation =
      explain::lrp(model, test.inputs, {}, explain::make_composite("epsilon"));
  // For one linear layer, eq. (5) gives Σ_v R_v = (f − b_c) · f / (f + ε·sign f): all of f but
  // the bias's share, scaled down a little by ε.
  const Tensor& bias = dynamic_cast<const Dense&>(model.layer(0)).bias();
  const double epsilon = 0.25;  // the "epsilon" composite's default
  double largest_gap = 0.0;
  for (std::size_t n = 0; n < test.size(); ++n) {
    const double f = explanation.outputs[n];
    const double b = bias(static_cast<std::size_t>(explanation.targets[n]));
    const double expected = (f - b) * f / (f + (f >= 0.0 ? epsilon : -epsilon));
    largest_gap =
        std::max(largest_gap, std::abs(article_total(explanation.relevance, n) - expected) /
                                  std::max(1.0, std::abs(f)));
  }
  run.promise(largest_gap <= 1e-4,
              tutorials::formatted("LRP-epsilon on every test article sums to (f - b) f / (f + "
                                   "epsilon) (largest gap %.1e of f)",
                                   largest_gap));

  // Step 4: three articles as a page. Each word gets its vocabulary word's relevance shared among
  // the word's occurrences (R_v / c_v), so that the coloured words add up to the article's total.
  const TextPipeline pipeline = text_pipeline_of(data, options);
  std::vector<render::TextExplanation> documents;
  for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{2}}) {
    const std::string title = data.test.names[n] + ": explained as " +
                              data.class_names[static_cast<std::size_t>(explanation.targets[n])];
    const Document document = document_as_read(data.test.texts[n], pipeline, data.vocabulary);
    documents.push_back({title, document.words,
                         explain::word_relevance(explanation.relevance, n, document.features)});
    promise_words_add_up(run, data.test.names[n], documents.back().relevances,
                         article_total(explanation.relevance, n));
  }
  render::write_text_heatmap_html(folder + "documents.html", documents);

  // The same as a picture, for one short sci.space article the model files correctly: the first
  // test article of at most 150 words (so that it fits a figure) whose class and prediction are
  // both sci.space.
  const auto space =
      static_cast<int>(std::find(data.class_names.begin(), data.class_names.end(), "sci.space") -
                       data.class_names.begin());
  for (std::size_t n = 0; n < test.size(); ++n) {
    if (test.labels[n] != space || explanation.targets[n] != space) continue;
    const Document document = document_as_read(data.test.texts[n], pipeline, data.vocabulary);
    if (document.words.size() > 150) continue;
    const Tensor words = explain::word_relevance(explanation.relevance, n, document.features);
    promise_words_add_up(run, data.test.names[n], words, article_total(explanation.relevance, n));
    render::TextHeatmapOptions picture;
    picture.line_width = 72;
    render::write_text_heatmap_png(
        folder + "sci_space.png",
        {{data.test.names[n] + ": explained as sci.space", document.words, words}}, picture);
    break;
  }

  // Step 5: what a class "means" to the model: relevance summed over its correctly classified
  // test articles, per word.
  const std::vector<std::string> shown{"sci.space", "rec.sport.hockey", "comp.graphics"};
  for (const std::string& name : shown) {
    const auto c =
        static_cast<int>(std::find(data.class_names.begin(), data.class_names.end(), name) -
                         data.class_names.begin());
    std::vector<double> total(data.vocabulary.size(), 0.0);
    for (std::size_t n = 0; n < test.size(); ++n) {
      if (test.labels[n] != c || explanation.targets[n] != c) continue;
      for (std::size_t v = 0; v < total.size(); ++v) total[v] += explanation.relevance(n, v);
    }
    std::vector<std::size_t> order(total.size());
    for (std::size_t v = 0; v < order.size(); ++v) order[v] = v;
    std::partial_sort(order.begin(), order.begin() + 10, order.end(),
                      [&](std::size_t a, std::size_t b) { return total[a] > total[b]; });
    std::printf("%-18s", name.c_str());
    for (std::size_t k = 0; k < 10; ++k) {
      std::printf(" %s", data.vocabulary.word(order[k]).c_str());
    }
    std::printf("\n");
  }
  std::printf("page written to %sdocuments.html, picture to %ssci_space.png\n", folder.c_str(),
              folder.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  return tutorials::run_tutorial(argc, argv, "10_text", lesson);
}
