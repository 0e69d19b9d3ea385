// Tutorial 16: is the explanation of a text model selective? Word deletion
// (explain/evaluation/word_deletion.hpp) for a tf-idf MLP and a text CNN on 20 Newsgroups, with
// LRP-ε, sensitivity and a random order (tutorials/16_text_selectivity/README.md).
//
// Writes correct.png (the correctly classified test documents lose their most relevant words
// first: accuracy against words deleted) and misclassified.png (the misclassified ones lose their
// most negative words first), one panel per model. Prints each curve's AOPC and accuracy after 5,
// 10 and 20 words, and promises (TutorialRun::promise) that LRP beats the random order in both
// experiments for both models.
//
// Shapes: tf-idf inputs N×V (V = 10,000 words); token ids N×T (T = 200); relevance the inputs'
// shape; curves L + 1 = 21 values.
#include <cstdio>

#include "datasets/newsgroups/newsgroups.hpp"
#include "datasets/newsgroups/sparse_batches.hpp"
#include "explain/evaluation/word_deletion.hpp"
#include "explain/methods.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/adam.hpp"
#include "framework/training/metrics.hpp"
#include "framework/training/trainer.hpp"
#include "tutorials/common/figure_panels.hpp"
#include "tutorials/common/promise_text.hpp"
#include "tutorials/common/tutorial_support.hpp"

using namespace glassbox;

namespace {

// The 20 Newsgroups test documents every model is measured on, and its training documents.
NewsgroupsOptions newsgroups_options(const tutorials::TutorialRun& run, TextFeatures features) {
  NewsgroupsOptions options;
  options.vocabulary.max_size = 10000;
  options.vocabulary.min_document_frequency = 2;
  options.tfidf.sublinear_tf = true;
  options.features = features;
  options.sequence_length = 200;
  if (run.quick()) options.train_subset = Subset::random_sample(3000, 1);
  options.test_subset = Subset::random_sample(run.choose<std::size_t>(1000, 300), 1);
  return options;
}

Sequential train_text_model(const tutorials::TutorialRun& run, const std::string& name,
                            const std::string& layers, const Shape& input, float learning_rate,
                            int epochs, const Newsgroups& data, const LabeledData& test) {
  Sequential model = build_model(layers, input, 1);
  AdamSettings adam;
  adam.learning_rate = learning_rate;
  Adam optimizer(adam);
  TrainingSettings settings;
  settings.epochs = epochs;
  if (data.train.sequences.dimension() == 2) {
    train_classifier(model, optimizer, to_labeled_data(data.train, data.class_names), nullptr,
                     settings);
  } else {  // tf-idf rows are sparse: dense batches of them, not one 11,314×10,000 matrix
    train_classifier(
        model, optimizer,
        SparseBatches(data.train.features, data.train.labels, data.class_names.size(), "train"),
        nullptr, settings);
  }
  tutorials::promise_test_accuracy(run, name, evaluate(model, test).accuracy,
                                   run.choose(name == "MLP" ? 0.80 : 0.70, 0.30));
  return model;
}

// The accuracy after `words` words were deleted (the curve's step words / 1).
double accuracy_after(const explain::FlippingCurve& curve, std::size_t words) {
  return curve.still_predicted.at(words);
}

struct ModelCurves {
  std::string model;
  tutorials::PlotPanel correct, misclassified;
  explain::DeletionByOutcome lrp, random;
};

// Word deletion for LRP-ε, sensitivity and a random order on `test`, each explaining the true
// class.
ModelCurves deletion_curves(const std::string& name, Sequential& model, const LabeledData& test) {
  explain::DeletionOptions options;
  options.steps = 20;  // one word per step
  ModelCurves curves{name, {}, {}, {}, {}};
  explain::MethodChoice lrp;
  lrp.composite = "epsilon";  // ε = 0.25 on every layer: the usual rule for text
  explain::MethodChoice sensitivity;
  sensitivity.method = "sensitivity";
  const std::vector<std::pair<std::string, Tensor>> orders{
      {"LRP-epsilon", explain::explain_with(model, test.inputs, test.labels, lrp).relevance},
      {"sensitivity",
       explain::explain_with(model, test.inputs, test.labels, sensitivity).relevance},
      {"random", explain::random_order(test.inputs, 2)}};
  std::printf("%s: %-12s %8s %8s %8s %8s | %8s %8s %8s %8s\n", name.c_str(), "order", "AOPC",
              "acc@5", "acc@10", "acc@20", "AOPC", "acc@5", "acc@10", "acc@20");
  for (std::size_t m = 0; m < orders.size(); ++m) {
    const explain::DeletionByOutcome result = explain::word_deletion_by_outcome(
        model, test.inputs, orders[m].second, test.labels, options);
    const explain::FlippingCurve& ok = result.correct;
    const explain::FlippingCurve& bad = result.misclassified;
    std::printf("%s: %-12s %8.3f %7.1f%% %7.1f%% %7.1f%% | %8.3f %7.1f%% %7.1f%% %7.1f%%\n",
                name.c_str(), orders[m].first.c_str(), ok.aopc, 100 * accuracy_after(ok, 5),
                100 * accuracy_after(ok, 10), 100 * accuracy_after(ok, 20), bad.aopc,
                100 * accuracy_after(bad, 5), 100 * accuracy_after(bad, 10),
                100 * accuracy_after(bad, 20));
    std::vector<double> percent_ok, percent_bad;
    for (const double a : ok.still_predicted) percent_ok.push_back(100 * a);
    for (const double a : bad.still_predicted) percent_bad.push_back(100 * a);
    const render::Rgb color = render::series_color(m);
    curves.correct.x = ok.regions_flipped;
    curves.correct.series.push_back({orders[m].first, percent_ok, color});
    curves.misclassified.x = bad.regions_flipped;
    curves.misclassified.series.push_back({orders[m].first, percent_bad, color});
    if (m == 0) curves.lrp = result;
    if (orders[m].first == "random") curves.random = result;
    if (m == 0) {
      curves.correct.title =
          name + ": " + std::to_string(result.correct_documents) + " correct documents, accuracy %";
      curves.misclassified.title = name + ": " + std::to_string(result.misclassified_documents) +
                                   " misclassified, accuracy %";
    }
  }
  return curves;
}

// LRP beats the random order: a lower accuracy after 10 words on the correct documents, a higher
// one on the misclassified.
void promise_selective(const tutorials::TutorialRun& run, const ModelCurves& curves) {
  const double lrp_ok = accuracy_after(curves.lrp.correct, 10);
  const double random_ok = accuracy_after(curves.random.correct, 10);
  run.promise(lrp_ok < random_ok,
              tutorials::formatted("%s, correct documents: after 10 words deleted LRP leaves "
                                   "%.1f%% right, the random order %.1f%%",
                                   curves.model.c_str(), 100 * lrp_ok, 100 * random_ok));
  const double lrp_bad = accuracy_after(curves.lrp.misclassified, 10);
  const double random_bad = accuracy_after(curves.random.misclassified, 10);
  run.promise(lrp_bad > random_bad,
              tutorials::formatted("%s, misclassified documents: after 10 words deleted LRP "
                                   "makes %.1f%% right, the random order %.1f%%",
                                   curves.model.c_str(), 100 * lrp_bad, 100 * random_bad));
}

void lesson(const tutorials::TutorialRun& run) {
  const std::string& folder = run.folder();
  const int epochs = run.choose(4, 2);

  // Step 1: a tf-idf MLP (the text-mlp preset's layers, on 10,000 words).
  const Newsgroups tfidf = load_newsgroups(newsgroups_options(run, TextFeatures::tfidf));
  const LabeledData tfidf_test = to_labeled_data(tfidf.test, tfidf.class_names);
  Sequential mlp = train_text_model(run, "MLP", "dense:128,relu,dropout:0.5,dense:20",
                                    {tfidf.vocabulary.size()}, 1e-3f, epochs, tfidf, tfidf_test);

  // Step 2: a text CNN over the first 200 tokens (a smaller text-cnn preset: 64 dimensions, 64
  // filters of each width 1, 2, 3).
  const Newsgroups sequences = load_newsgroups(newsgroups_options(run, TextFeatures::sequences));
  const LabeledData sequence_test = to_labeled_data(sequences.test, sequences.class_names);
  const std::string cnn_layers =
      "embedding:" + std::to_string(sequences.vocabulary.size() + kFirstWordId) +
      ":64,parallel(conv1d:64:1,relu,maxovertime|conv1d:64:2,relu,maxovertime|"
      "conv1d:64:3,relu,maxovertime),dropout:0.5,dense:20";
  Sequential cnn = train_text_model(run, "CNN", cnn_layers, {200}, 1e-2f, run.choose(6, 5),
                                    sequences, sequence_test);

  // Step 3: word deletion, one word per step, for LRP-ε, sensitivity and a random order.
  const ModelCurves mlp_curves = deletion_curves("MLP", mlp, tfidf_test);
  const ModelCurves cnn_curves = deletion_curves("CNN", cnn, sequence_test);
  promise_selective(run, mlp_curves);
  promise_selective(run, cnn_curves);

  render::LinePlotOptions plot;
  plot.x_label = "words deleted";
  plot.plot_width = 360;
  plot.plot_height = 240;
  tutorials::write_plots_side_by_side(folder + "correct.png",
                                      {mlp_curves.correct, cnn_curves.correct}, plot);
  tutorials::write_plots_side_by_side(folder + "misclassified.png",
                                      {mlp_curves.misclassified, cnn_curves.misclassified}, plot);
  std::printf("figures written to %scorrect.png and %smisclassified.png\n", folder.c_str(),
              folder.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  return tutorials::run_tutorial(argc, argv, "16_text_selectivity", lesson);
}
