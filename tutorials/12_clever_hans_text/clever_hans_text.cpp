// Tutorial 12: a Clever Hans in text. The text MLP trained on 20 Newsgroups articles as posted
// (headers, signatures, quoted replies) and trained again on the same articles without them
// (tutorials/12_clever_hans_text/README.md): how much accuracy the scaffolding carried, how much
// of the relevance sits in the headers, which words each model relies on, and one article
// explained by both.
//
// Writes class_words.png (per class, the words with the most relevance summed over its correctly
// classified test articles, for both models) and same_article.png (one test article as written,
// coloured by each model's relevance, before and after the removal). Checks the page's promises:
// both accuracy floors, the drop between them, and the headers' share of the relevance.
//
// Shapes: tf-idf inputs N×V (V vocabulary words), relevance per batch B×V; per-class totals V.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "datasets/newsgroups/document_cleaning.hpp"
#include "explain/lrp/lrp.hpp"
#include "explain/render/colormap.hpp"
#include "explain/render/font.hpp"
#include "explain/render/png.hpp"
#include "tutorials/common/figure_panels.hpp"
#include "tutorials/common/promise_text.hpp"
#include "tutorials/common/text_models.hpp"
#include "tutorials/common/tutorial_support.hpp"

using namespace glassbox;

namespace {

const std::vector<std::string> kShownClasses{"sci.space", "rec.sport.hockey", "sci.med",
                                             "comp.graphics"};
constexpr std::size_t kWordsPerClass = 8;

// What one model's LRP-epsilon explanations of the whole test split add up to.
struct TestRelevance {
  std::vector<std::vector<double>> class_totals;  // [shown class][v]: over its correct articles
  double removed_share = 0.0;  // of the positive word relevance, the part on removed lines
  double removed_words = 0.0;  // of the words, the part on removed lines
};

// Which bytes of `posted` its cleaned version `kept` dropped: cleaning copies the lines it keeps
// unchanged and in order, so each line of `posted` is matched against the next kept line. (Two
// equal lines could be matched the other way round; their words and tf-idf relevance are the same
// either way.)
std::vector<bool> removed_bytes(const std::string& posted, const std::string& kept) {
  std::vector<bool> removed(posted.size(), true);
  std::size_t at = 0, next_kept = 0;
  while (at < posted.size()) {
    const std::size_t end = std::min(posted.find('\n', at), posted.size() - 1) + 1;
    const std::size_t length = end - at;
    if (kept.compare(next_kept, length, posted, at, length) == 0) {
      std::fill(removed.begin() + static_cast<long>(at), removed.begin() + static_cast<long>(end),
                false);
      next_kept += length;
    }
    at = end;
  }
  return removed;
}

// Explains every test article for its predicted class, batch by batch. `cleaned` is each test
// article without headers, signatures and quotes: the share of relevance on what that removes.
TestRelevance explain_test_split(tutorials::TextModel& text,
                                 const std::vector<std::string>& cleaned) {
  const NewsgroupsSplit& test = text.data.test;
  TestRelevance result;
  std::vector<int> shown;
  for (const std::string& name : kShownClasses) {
    shown.push_back(static_cast<int>(
        std::find(text.data.class_names.begin(), text.data.class_names.end(), name) -
        text.data.class_names.begin()));
  }
  result.class_totals.assign(shown.size(), std::vector<double>(text.data.vocabulary.size(), 0.0));
  double positive = 0.0, on_removed = 0.0, words = 0.0, removed_words = 0.0;
  const std::size_t batch = 250;
  for (std::size_t begin = 0; begin < test.size(); begin += batch) {
    const std::size_t end = std::min(begin + batch, test.size());
    const explain::LrpExplanation explanation =
        explain::lrp(text.model, tutorials::text_inputs(test, begin, end), {},
                     explain::make_composite("epsilon"));
    const std::size_t vocabulary = explanation.relevance.shape(1);
    for (std::size_t n = begin; n < end; ++n) {
      const float* row = explanation.relevance.data() + (n - begin) * vocabulary;
      const int predicted = explanation.targets[n - begin];
      for (std::size_t s = 0; s < shown.size(); ++s) {
        if (predicted != shown[s] || test.labels[n] != shown[s]) continue;
        for (std::size_t v = 0; v < vocabulary; ++v) result.class_totals[s][v] += row[v];
      }
      const std::vector<bool> removed = removed_bytes(test.texts[n], cleaned[n]);
      for (const render::WrittenWord& word :
           tutorials::words_as_written(text, explanation.relevance, n - begin, n)) {
        words += 1.0;
        removed_words += removed[word.begin] ? 1.0 : 0.0;
        if (word.relevance <= 0.0f) continue;
        positive += word.relevance;
        if (removed[word.begin]) on_removed += word.relevance;
      }
    }
  }
  result.removed_share = on_removed / positive;
  result.removed_words = removed_words / words;
  return result;
}

// The `count` words with the largest totals as a bar chart: each word, then a red bar as long as
// its total (the longest `length` pixels at `largest`).
render::RgbImage word_bars(const std::string& title, const std::vector<double>& totals,
                           const Vocabulary& vocabulary, double largest) {
  std::vector<std::size_t> order(totals.size());
  for (std::size_t v = 0; v < order.size(); ++v) order[v] = v;
  std::partial_sort(order.begin(), order.begin() + kWordsPerClass, order.end(),
                    [&](std::size_t a, std::size_t b) { return totals[a] > totals[b]; });
  const std::size_t s = 2, line = render::text_height(s) + 6,
                    label = 13 * render::kGlyphAdvance * s;
  const std::size_t length = 160;
  render::RgbImage panel = render::blank_image((kWordsPerClass + 1) * line + 4, label + length + 8);
  render::draw_text(panel, 2, 2, title, render::kBlack, s);
  for (std::size_t k = 0; k < kWordsPerClass; ++k) {
    const std::size_t top = (k + 1) * line + 4;
    render::draw_text(panel, top, 2, vocabulary.word(order[k]).substr(0, 12), render::kBlack, s);
    const auto bar =
        static_cast<std::size_t>(std::round(length * std::max(0.0, totals[order[k]]) / largest));
    render::fill_rectangle(panel, top, label, render::text_height(s), std::max<std::size_t>(bar, 1),
                           render::diverging_color(1.0f, 1.0f));
  }
  return panel;
}

render::RgbImage one_under_another(const std::vector<render::RgbImage>& rows, std::size_t gap) {
  std::size_t height = 0, width = 0;
  for (const render::RgbImage& row : rows) {
    height += row.shape(0) + (height > 0 ? gap : 0);
    width = std::max(width, row.shape(1));
  }
  render::RgbImage canvas = render::blank_image(height, width);
  std::size_t top = 0;
  for (const render::RgbImage& row : rows) {
    render::paste(canvas, row, top, 0);
    top += row.shape(0) + gap;
  }
  return canvas;
}

void lesson(const tutorials::TutorialRun& run) {
  const std::string& folder = run.folder();
  // Step 1: the same model trained twice: on the articles as posted, and without headers,
  // signatures and quoted replies (the loader's cleaning, `--remove headers,footers,quotes`).
  const NewsgroupsOptions as_posted = tutorials::tutorial_tfidf_options(run.quick());
  NewsgroupsOptions cleaned = as_posted;
  cleaned.cleaning.remove_headers = cleaned.cleaning.remove_footers =
      cleaned.cleaning.remove_quotes = true;
  const tutorials::TextTraining training =
      tutorials::training_of(find_preset("text-mlp"), run.choose(5, 3));
  tutorials::TextModel clues = tutorials::train_text_model("as posted", as_posted, training);
  tutorials::TextModel text = tutorials::train_text_model("text only", cleaned, training);
  std::printf("test accuracy: %.2f%% as posted, %.2f%% without headers, footers and quotes\n",
              100.0 * clues.test_accuracy, 100.0 * text.test_accuracy);
  tutorials::promise_test_accuracy(run, "text MLP on the articles as posted", clues.test_accuracy,
                                   run.choose(0.80, 0.6));
  tutorials::promise_test_accuracy(run, "text MLP without headers, footers and quotes",
                                   text.test_accuracy, run.choose(0.62, 0.40));
  run.promise(clues.test_accuracy - text.test_accuracy >= run.choose(0.08, 0.05),
              tutorials::formatted("removing the scaffolding costs at least %.0f points (%.1f)",
                                   100.0 * run.choose(0.08, 0.05),
                                   100.0 * (clues.test_accuracy - text.test_accuracy)));

  // Step 2: relevance over the whole test split; the share of it on what cleaning removes.
  const TestRelevance with = explain_test_split(clues, text.data.test.texts);
  const TestRelevance without = explain_test_split(text, text.data.test.texts);
  std::printf(
      "as posted: %.1f%% of the positive word relevance lies on the lines cleaning "
      "removes, which hold %.1f%% of the words\n",
      100.0 * with.removed_share, 100.0 * with.removed_words);
  run.promise(with.removed_share >= with.removed_words + 0.02,
              tutorials::formatted("the model trained as posted puts more of its positive "
                                   "relevance on the removed lines than their share of the words "
                                   "(%.1f%% against %.1f%%)",
                                   100.0 * with.removed_share, 100.0 * with.removed_words));

  // Step 3: the words each model relies on, per class, as bars (one scale per class).
  std::vector<render::RgbImage> rows;
  for (const auto* model : {&with, &without}) {
    std::vector<render::RgbImage> panels;
    for (std::size_t s = 0; s < kShownClasses.size(); ++s) {
      const double largest = std::max(
          *std::max_element(with.class_totals[s].begin(), with.class_totals[s].end()),
          *std::max_element(without.class_totals[s].begin(), without.class_totals[s].end()));
      const tutorials::TextModel& source = model == &with ? clues : text;
      panels.push_back(
          word_bars((model == &with ? "as posted: " : "text only: ") + kShownClasses[s],
                    model->class_totals[s], source.data.vocabulary, largest));
      std::printf("%-10s %-17s", source.name.c_str(), kShownClasses[s].c_str());
      std::vector<std::size_t> order(model->class_totals[s].size());
      for (std::size_t v = 0; v < order.size(); ++v) order[v] = v;
      std::partial_sort(order.begin(), order.begin() + kWordsPerClass, order.end(),
                        [&](std::size_t a, std::size_t b) {
                          return model->class_totals[s][a] > model->class_totals[s][b];
                        });
      for (std::size_t k = 0; k < kWordsPerClass; ++k) {
        std::printf(" %s", source.data.vocabulary.word(order[k]).c_str());
      }
      std::printf("\n");
    }
    rows.push_back(tutorials::side_by_side(panels, 16));
  }
  render::write_png(folder + "class_words.png", one_under_another(rows, 16));

  // Step 4: one article before and after: the first test article of at most 30 lines with a
  // signature, which both models file correctly.
  const Labels clues_say = tutorials::text_predictions(clues.model, clues.data.test);
  const Labels text_says = tutorials::text_predictions(text.model, text.data.test);
  CleaningOptions footers_only;
  footers_only.remove_footers = true;
  std::size_t chosen = clues.data.test.size();
  for (std::size_t n = 0; n < clues.data.test.size(); ++n) {
    const std::string& article = clues.data.test.texts[n];
    const int label = clues.data.test.labels[n];
    if (clues_say[n] != label || text_says[n] != label) continue;
    if (std::count(article.begin(), article.end(), '\n') > 30) continue;
    if (clean_document(article, footers_only).size() == article.size()) continue;
    if (text.data.test.texts[n].size() < 200) continue;  // enough text left to read
    chosen = n;
    break;
  }
  run.promise(chosen < clues.data.test.size(),
              "both models file a short signed test article correctly");
  const int label = clues.data.test.labels[chosen];
  const std::string& class_name = clues.data.class_names[static_cast<std::size_t>(label)];
  std::printf("the article: %s\n", clues.data.test.names[chosen].c_str());
  render::TextAsWrittenOptions layout;
  layout.most_lines = 32;
  std::vector<render::RgbImage> columns;
  for (tutorials::TextModel* model : {&clues, &text}) {
    const explain::LrpExplanation explanation =
        explain::lrp(model->model, tutorials::text_inputs(model->data.test, chosen, chosen + 1),
                     {label}, explain::make_composite("epsilon"));
    columns.push_back(render::render_text_as_written(
        model->name + ": why " + class_name + "?", model->data.test.texts[chosen],
        tutorials::words_as_written(*model, explanation.relevance, 0, chosen), layout));
  }
  render::write_png(folder + "same_article.png", tutorials::side_by_side(columns));
  std::printf("figures written to %sclass_words.png and %ssame_article.png\n", folder.c_str(),
              folder.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  return tutorials::run_tutorial(argc, argv, "12_clever_hans_text", lesson);
}
