// Tutorial 17: LRP beyond neural networks. A linear SVM on tf-idf features of 20 Newsgroups (the
// text-svm preset) explained word by word, next to the text MLP's explanation of the same
// articles (tutorials/17_beyond_neural_networks/README.md).
//
// For a linear model f_c(x) = Σ_v w_vc x_v + b_c, LRP-0 gives R_v = w_vc x_v and leaves b_c to the
// bias. The program checks that on every test article, then measures how far the SVM's and the
// MLP's word relevances agree (rank correlation and top-5 overlap over the articles both file
// correctly) and writes one article explained by both, side by side (svm_and_mlp.png).
//
// Shapes: tf-idf inputs N×V (V vocabulary words), explained B at a time: relevance B×V; SVM
// weights V×K (K = 20 classes), biases K.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "explain/lrp/lrp.hpp"
#include "explain/render/png.hpp"
#include "framework/layers/dense.hpp"
#include "tutorials/common/figure_panels.hpp"
#include "tutorials/common/measures.hpp"
#include "tutorials/common/promise_text.hpp"
#include "tutorials/common/text_models.hpp"
#include "tutorials/common/tutorial_support.hpp"

using namespace glassbox;

namespace {

constexpr std::size_t kTop = 5;

// Ranks 0 … m−1 of `values` (the smallest first; ties in index order).
std::vector<double> ranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> rank(values.size());
  for (std::size_t k = 0; k < order.size(); ++k) rank[order[k]] = static_cast<double>(k);
  return rank;
}

// Spearman's rank correlation: Pearson's correlation of the ranks.
double rank_correlation(const std::vector<double>& a, const std::vector<double>& b) {
  const std::vector<double> ra = ranks(a), rb = ranks(b);
  const double mean = (static_cast<double>(a.size()) - 1.0) / 2.0;
  double ab = 0.0, aa = 0.0, bb = 0.0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    ab += (ra[k] - mean) * (rb[k] - mean);
    aa += (ra[k] - mean) * (ra[k] - mean);
    bb += (rb[k] - mean) * (rb[k] - mean);
  }
  return ab / std::sqrt(aa * bb);
}

// How many of the kTop largest of `a` are among the kTop largest of `b`, over kTop.
double top_overlap(const std::vector<double>& a, const std::vector<double>& b) {
  const auto top = [](const std::vector<double>& values) {
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::partial_sort(order.begin(), order.begin() + kTop, order.end(),
                      [&](std::size_t x, std::size_t y) { return values[x] > values[y]; });
    order.resize(kTop);
    std::sort(order.begin(), order.end());
    return order;
  };
  const std::vector<std::size_t> ta = top(a), tb = top(b);
  std::vector<std::size_t> shared;
  std::set_intersection(ta.begin(), ta.end(), tb.begin(), tb.end(), std::back_inserter(shared));
  return static_cast<double>(shared.size()) / kTop;
}

void lesson(const tutorials::TutorialRun& run) {
  const std::string& folder = run.folder();
  // Step 1: both models on the same tf-idf features of the articles as posted.
  NewsgroupsOptions options = tutorials::tutorial_tfidf_options(run.quick());
  tutorials::TextModel svm = tutorials::train_text_model(
      "linear SVM", options, tutorials::training_of(find_preset("text-svm"), run.choose(5, 3)));
  tutorials::promise_test_accuracy(run, svm.name, svm.test_accuracy, run.choose(0.80, 0.6));
  tutorials::TextModel mlp = tutorials::train_text_model(
      "text MLP", options, tutorials::training_of(find_preset("text-mlp"), run.choose(5, 3)));
  tutorials::promise_test_accuracy(run, mlp.name, mlp.test_accuracy, run.choose(0.80, 0.6));

  // Step 2: every test article, explained for its true class by both: LRP-0 on the SVM, LRP-ε on
  // the MLP. The SVM's relevance must be w_vc x_v exactly, and add up to f_c − b_c.
  const NewsgroupsSplit& test = svm.data.test;
  const auto& layer = dynamic_cast<const Dense&>(svm.model.layer(0));
  const Tensor& w = layer.weight();
  const std::size_t classes = w.shape(1);
  double largest_gap = 0.0, bias_share = 0.0;
  std::vector<double> correlations, overlaps;
  double words = 0.0, same_sign = 0.0;  // the articles' words, and those both give one sign
  std::vector<std::size_t> both_right;
  const Labels svm_says = tutorials::text_predictions(svm.model, test);
  const Labels mlp_says = tutorials::text_predictions(mlp.model, test);
  const std::size_t batch = 250;
  for (std::size_t begin = 0; begin < test.size(); begin += batch) {
    const std::size_t end = std::min(begin + batch, test.size());
    const Tensor x = tutorials::text_inputs(test, begin, end);
    const Labels truth(test.labels.begin() + static_cast<long>(begin),
                       test.labels.begin() + static_cast<long>(end));
    const explain::LrpExplanation linear =
        explain::lrp(svm.model, x, truth, explain::make_composite("lrp-0"));
    const explain::LrpExplanation deep =
        explain::lrp(mlp.model, x, truth, explain::make_composite("epsilon"));
    const std::size_t V = x.shape(1);
    for (std::size_t n = begin; n < end; ++n) {
      const std::size_t row = n - begin;
      const auto c = static_cast<std::size_t>(truth[row]);
      const float* input = x.data() + row * V;
      const float* r_svm = linear.relevance.data() + row * V;
      const float* r_mlp = deep.relevance.data() + row * V;
      const double f = linear.outputs[row];
      double total = 0.0, gap = 0.0;
      std::vector<double> a, b;  // the two relevances of the article's words
      for (std::size_t v = 0; v < V; ++v) {
        gap = std::max(
            gap, std::abs(r_svm[v] - static_cast<double>(w.data()[v * classes + c]) * input[v]));
        total += r_svm[v];
        if (input[v] != 0.0f) {
          a.push_back(r_svm[v]);
          b.push_back(r_mlp[v]);
        }
      }
      const double bias = layer.bias()(c);
      gap = std::max(gap, std::abs(total - (f - bias)));
      largest_gap = std::max(largest_gap, gap / std::max(1.0, std::abs(f)));
      bias_share += std::abs(bias) / (std::abs(total) + std::abs(bias));
      if (svm_says[n] != static_cast<int>(c) || mlp_says[n] != static_cast<int>(c) ||
          a.size() < 2 * kTop) {
        continue;
      }
      both_right.push_back(n);
      for (std::size_t k = 0; k < a.size(); ++k) same_sign += (a[k] > 0.0) == (b[k] > 0.0) ? 1 : 0;
      words += static_cast<double>(a.size());
      correlations.push_back(rank_correlation(a, b));
      overlaps.push_back(top_overlap(a, b));
    }
  }
  bias_share /= static_cast<double>(test.size());
  run.promise(largest_gap <= 1e-4,
              tutorials::formatted("LRP-0 on the SVM is R_v = w_vc x_v and sums to f_c - b_c on "
                                   "every test article (largest gap %.1e of f)",
                                   largest_gap));
  std::vector<double> sorted = correlations;
  std::sort(sorted.begin(), sorted.end());
  const double median = sorted[sorted.size() / 2];
  std::printf("the bias keeps on average %.1f%% of |R| + |b| (|b_c| / (|sum R| + |b_c|))\n",
              100.0 * bias_share);
  std::printf(
      "over the %zu test articles both models file correctly: rank correlation of word "
      "relevance mean %.3f, median %.3f (10%%: %.3f, 90%%: %.3f); top-%zu overlap mean "
      "%.3f\n",
      both_right.size(), tutorials::mean(correlations), median, sorted[sorted.size() / 10],
      sorted[sorted.size() * 9 / 10], kTop, tutorials::mean(overlaps));
  std::printf("the two give a word the same sign for %.1f%% of the words of those articles\n",
              100.0 * same_sign / words);
  run.promise(median >= run.choose(0.5, 0.3),
              tutorials::formatted("the two explanations rank an article's words alike (median "
                                   "rank correlation %.3f >= %.2f)",
                                   median, run.choose(0.5, 0.3)));

  // Step 3: one article both file correctly, the first of at most 30 lines whose rank
  // correlation is near the median, drawn by both.
  std::size_t shown = both_right.front();
  for (std::size_t k = 0; k < both_right.size(); ++k) {
    const std::string& article = test.texts[both_right[k]];
    if (std::count(article.begin(), article.end(), '\n') > 30) continue;
    if (std::abs(correlations[k] - median) > 0.05) continue;
    shown = both_right[k];
    std::printf("the article: %s (rank correlation %.3f, top-%zu overlap %.1f)\n",
                test.names[shown].c_str(), correlations[k], kTop, overlaps[k]);
    break;
  }
  const int label = test.labels[shown];
  const std::string& class_name = svm.data.class_names[static_cast<std::size_t>(label)];
  render::TextAsWrittenOptions layout;
  layout.most_lines = 32;
  std::vector<render::RgbImage> columns;
  for (tutorials::TextModel* model : {&svm, &mlp}) {
    const explain::LrpExplanation explanation =
        explain::lrp(model->model, tutorials::text_inputs(test, shown, shown + 1), {label},
                     explain::make_composite(model == &svm ? "lrp-0" : "epsilon"));
    const std::vector<render::WrittenWord> words =
        tutorials::words_as_written(*model, explanation.relevance, 0, shown);
    columns.push_back(render::render_text_as_written(
        model->name + (model == &svm ? " (R = w x)" : " (LRP-epsilon)") + ": why " + class_name +
            "?",
        test.texts[shown], words, layout));
    std::printf("%-10s most for %s:%s\n", model->name.c_str(), class_name.c_str(),
                tutorials::strongest_written_words(test.texts[shown], words, 8).c_str());
  }
  render::write_png(folder + "svm_and_mlp.png", tutorials::side_by_side(columns));
  std::printf("picture written to %ssvm_and_mlp.png\n", folder.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  return tutorials::run_tutorial(argc, argv, "17_beyond_neural_networks", lesson);
}
