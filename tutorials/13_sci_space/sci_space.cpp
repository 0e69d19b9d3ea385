// Tutorial 13: why is this document sci.space? One sci.space test article of 20 Newsgroups shown
// as it was written (case, punctuation, line breaks), its words coloured by their LRP-epsilon
// relevance for sci.space, for the text MLP (tf-idf), the text CNN and the text LSTM (token ids)
// side by side (tutorials/13_sci_space/README.md).
//
// Writes sci_space_as_written.png. Checks the page's promises: the models' accuracy floors, that
// the MLP and the CNN file the article under sci.space, and that each model's coloured words (one
// span per word the model read) add up to the relevance of the inputs they filled.
//
// Shapes: tf-idf inputs N×V (V vocabulary words); token ids N×T; relevance N×V or N×T; one
// article's words W (its spans in the text, W byte ranges).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "datasets/newsgroups/text_pipeline.hpp"
#include "explain/lrp/lrp.hpp"
#include "explain/render/png.hpp"
#include "explain/render/text_as_written.hpp"
#include "framework/presets.hpp"
#include "framework/training/metrics.hpp"
#include "tutorials/common/figure_panels.hpp"
#include "tutorials/common/promise_text.hpp"
#include "tutorials/common/text_models.hpp"
#include "tutorials/common/tutorial_support.hpp"

using namespace glassbox;

namespace {

// Article n's words for `target` (LRP-epsilon), as ranges of its text. Promises that they add up
// to the relevance of the inputs they filled: every tf-idf input of the article, or the token
// positions up to its last word (a position past it holds padding, which is not drawn).
std::vector<render::WrittenWord> explained_words(const tutorials::TutorialRun& run,
                                                 tutorials::TextModel& text, std::size_t n,
                                                 int target) {
  const explain::LrpExplanation explanation =
      explain::lrp(text.model, tutorials::text_inputs(text.data.test, n, n + 1), {target},
                   explain::make_composite("epsilon"));
  const std::vector<render::WrittenWord> words =
      tutorials::words_as_written(text, explanation.relevance, 0, n);
  const Document document =
      document_as_read(text.data.test.texts[n], text.pipeline, text.data.vocabulary);
  std::vector<bool> filled(explanation.relevance.size(), false);
  double words_total = 0.0, filled_total = 0.0;
  for (std::size_t k = 0; k < words.size(); ++k) {
    words_total += words[k].relevance;
    const int feature = document.features[k];
    if (feature < 0 || filled[static_cast<std::size_t>(feature)]) continue;
    filled[static_cast<std::size_t>(feature)] = true;
    filled_total += explanation.relevance.data()[feature];
  }
  run.promise(
      words.size() == document.words.size() &&
          std::abs(words_total - filled_total) <= 1e-4 * std::max(1.0, std::abs(filled_total)),
      tutorials::formatted("%s: the %zu coloured words add up to the relevance of the "
                           "inputs they filled (%.5f and %.5f; f = %.4f)",
                           text.name.c_str(), words.size(), words_total, filled_total,
                           static_cast<double>(explanation.outputs[0])));
  return words;
}

void lesson(const tutorials::TutorialRun& run) {
  const std::string& folder = run.folder();
  // Step 1: the three models on the raw articles (headers kept), each with its own encoding.
  NewsgroupsOptions tfidf = tutorials::tutorial_tfidf_options(run.quick());
  NewsgroupsOptions ids = tfidf;
  ids.features = TextFeatures::sequences;
  ids.sequence_length = run.choose<std::size_t>(256, 200);

  const tutorials::TextTraining mlp_training =
      tutorials::training_of(find_preset("text-mlp"), run.choose(5, 3));
  // The text-cnn preset's architecture at 32 embedding dimensions and 32 filters per width
  // instead of 100 and 100: a tenth of the arithmetic, so that the full run stays short.
  tutorials::TextTraining cnn_training =
      tutorials::training_of(find_preset("text-cnn"), run.choose(4, 3));
  cnn_training.layers =
      "embedding:VOCAB:32,parallel(conv1d:32:1,relu,maxovertime|conv1d:32:2,relu,maxovertime|"
      "conv1d:32:3,relu,maxovertime),dropout:0.5,dense:20";
  // The text-lstm preset's architecture at 32 embedding dimensions and 32 units instead of 100
  // and 128, for the same reason.
  tutorials::TextTraining lstm_training =
      tutorials::training_of(find_preset("text-lstm"), run.choose(4, 3));
  lstm_training.layers = "embedding:VOCAB:32,lstm:32:sequence,maxovertime,dropout:0.5,dense:20";
  tutorials::TextModel mlp = tutorials::train_text_model("text MLP", tfidf, mlp_training);
  tutorials::promise_test_accuracy(run, mlp.name, mlp.test_accuracy, run.choose(0.80, 0.6));
  tutorials::TextModel cnn = tutorials::train_text_model("text CNN", ids, cnn_training);
  tutorials::promise_test_accuracy(run, cnn.name, cnn.test_accuracy, run.choose(0.40, 0.25));
  tutorials::TextModel lstm = tutorials::train_text_model("text LSTM", ids, lstm_training);
  tutorials::promise_test_accuracy(run, lstm.name, lstm.test_accuracy, run.choose(0.30, 0.15));

  // Step 2: the article: the first sci.space test article of at most 30 lines that the MLP and
  // the CNN file under sci.space. The LSTM explains the same article for sci.space, whatever it
  // files it under (printed).
  const std::vector<std::string>& classes = mlp.data.class_names;
  const auto space =
      static_cast<int>(std::find(classes.begin(), classes.end(), "sci.space") - classes.begin());
  const Labels mlp_says = tutorials::text_predictions(mlp.model, mlp.data.test);
  const Labels cnn_says = tutorials::text_predictions(cnn.model, cnn.data.test);
  std::size_t chosen = mlp.data.test.size();
  for (std::size_t n = 0; n < mlp.data.test.size(); ++n) {
    const std::string& text = mlp.data.test.texts[n];
    if (mlp.data.test.labels[n] != space || mlp_says[n] != space || cnn_says[n] != space) continue;
    if (std::count(text.begin(), text.end(), '\n') > 30) continue;
    chosen = n;
    break;
  }
  run.promise(chosen < mlp.data.test.size(),
              "both models file a short sci.space test article under sci.space");
  std::printf("the article: %s\n", mlp.data.test.names[chosen].c_str());
  const int lstm_says = predicted_classes(
      lstm.model.predict(tutorials::text_inputs(lstm.data.test, chosen, chosen + 1)))[0];
  std::printf("the text LSTM files it under %s\n",
              classes[static_cast<std::size_t>(lstm_says)].c_str());

  // Step 3: each model's relevance per word, on the text as written, side by side.
  render::TextAsWrittenOptions layout;
  layout.line_width = 80;
  layout.most_lines = 40;
  std::vector<render::RgbImage> columns;
  for (tutorials::TextModel* text : {&mlp, &cnn, &lstm}) {
    const std::vector<render::WrittenWord> words = explained_words(run, *text, chosen, space);
    columns.push_back(render::render_text_as_written(
        text->name + ": why sci.space? (" + mlp.data.test.names[chosen] + ")",
        text->data.test.texts[chosen], words, layout));
    std::printf(
        "%-9s most for sci.space:%s\n", text->name.c_str(),
        tutorials::strongest_written_words(text->data.test.texts[chosen], words, 8).c_str());
  }
  render::write_png(folder + "sci_space_as_written.png", tutorials::side_by_side(columns));
  std::printf("picture written to %ssci_space_as_written.png\n", folder.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  return tutorials::run_tutorial(argc, argv, "13_sci_space", lesson);
}
