// Tutorial 4: which words made the model file this article under sci.space? A softmax regression
// on tf-idf features of 20 Newsgroups, explained with LRP-epsilon per vocabulary word
// (tutorials/10_text/README.md).
//
// Writes documents.html (three test articles, every word coloured by its relevance) and
// sci_space.png (one short sci.space article, the same way, as a picture), and prints,
// for a few classes, the words with the most relevance summed over the correctly classified test
// articles of that class.
#include <algorithm>
#include <cstdio>

#include "datasets/newsgroups/newsgroups.hpp"
#include "datasets/newsgroups/text_pipeline.hpp"
#include "explain/lrp/lrp.hpp"
#include "explain/render/text_heatmap.hpp"
#include "explain/text_relevance.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/adam.hpp"
#include "framework/training/metrics.hpp"
#include "framework/training/trainer.hpp"
#include "tutorials/common/tutorial_support.hpp"

using namespace glassbox;

namespace {

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
  std::printf("test accuracy %.2f%%\n", 100.0 * evaluate(model, test).accuracy);

  // Step 3: LRP-epsilon for every test article: relevance per vocabulary word.
  const explain::LrpExplanation explanation =
      explain::lrp(model, test.inputs, {}, explain::make_composite("epsilon"));

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
    render::TextHeatmapOptions picture;
    picture.line_width = 72;
    render::write_text_heatmap_png(
        folder + "sci_space.png",
        {{data.test.names[n] + ": explained as sci.space", document.words,
          explain::word_relevance(explanation.relevance, n, document.features)}},
        picture);
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
