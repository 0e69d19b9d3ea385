// Tutorial 7: LRP against sensitivity and simple Taylor on the same inputs (the material's "LRP vs.
// other methods" figure). Train a small MLP on MNIST, explain one test digit of each class three
// ways, and measure what the figure shows: where each method puts its relevance, how much of it is
// negative, and whether it adds up to f(x) (tutorials/07_lrp_vs_other_methods/README.md).
//
// Writes methods.png (the three methods on one test digit of each class) and prints the measures,
// the conservation table of LRP for the first digit, and the promises of the page. Step 6 adds
// others.png: the methods of other toolboxes (integrated gradients, SmoothGrad, occlusion, guided
// backprop, deconvnet) on the same digits, against LRP-α1β0.
//
// Shapes: images N×1×28×28 in [0, 1]; relevance the same; N = 10 digits explained.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>
#include <utility>

#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "explain/guided_backprop.hpp"
#include "explain/integrated_gradients.hpp"
#include "explain/lrp/lrp.hpp"
#include "explain/occlusion.hpp"
#include "explain/render/heatmap.hpp"
#include "explain/sensitivity.hpp"
#include "explain/smooth_grad.hpp"
#include "explain/taylor.hpp"
#include "framework/training/metrics.hpp"
#include "tutorials/common/promise_text.hpp"
#include "tutorials/common/tutorial_support.hpp"

using namespace glassbox;

namespace {

Tensor picture(const Tensor& batch, std::size_t n) {
  return xt::view(batch, n, 0);
}

// What the figure shows, in numbers, over all explained digits: the share of |R| that is negative,
// the share of |R| on pixels without ink (x = 0), and Σ R / f(x) per digit (smallest, largest).
struct Measures {
  double negative_share = 0.0, blank_share = 0.0;
  double smallest_ratio = std::numeric_limits<double>::infinity();
  double largest_ratio = -std::numeric_limits<double>::infinity();
};

Measures measure(const explain::Explanation& explanation, const Tensor& inputs) {
  const Tensor& relevance = explanation.relevance;
  const std::size_t per_sample = relevance.size() / relevance.shape(0);
  double total = 0.0, negative = 0.0, blank = 0.0;
  Measures measures;
  for (std::size_t n = 0; n < relevance.shape(0); ++n) {
    double sum = 0.0;
    for (std::size_t i = n * per_sample; i < (n + 1) * per_sample; ++i) {
      const double r = relevance.data()[i];
      sum += r;
      total += std::abs(r);
      if (r < 0.0) negative -= r;
      if (inputs.data()[i] == 0.0f) blank += std::abs(r);
    }
    const double ratio = sum / explanation.outputs[n];
    measures.smallest_ratio = std::min(measures.smallest_ratio, ratio);
    measures.largest_ratio = std::max(measures.largest_ratio, ratio);
  }
  measures.negative_share = negative / total;
  measures.blank_share = blank / total;
  return measures;
}

void lesson(const tutorials::TutorialRun& run) {
  const std::string& folder = run.folder();
  // Step 1: a model worth explaining (about 95% test accuracy after 3 epochs on 20,000 digits).
  const tutorials::Mnist data = tutorials::load_mnist_for_tutorial(run.choose(20000, 4000));
  Sequential model =
      tutorials::train_on_mnist("flatten,dense:256,relu,dense:128,relu,dense:10", data, 3);
  tutorials::promise_test_accuracy(run, "the MLP", evaluate(model, data.test).accuracy,
                                   run.choose(0.94, 0.88));

  // Step 2: one test digit of each class, explained for the class the model predicts.
  const LabeledData digits = tutorials::one_per_digit(data.test, 10);
  const explain::Explanation slope = explain::sensitivity(model, digits.inputs);
  const explain::Explanation taylor = explain::simple_taylor(model, digits.inputs);
  const explain::LrpExplanation lrp =
      explain::lrp(model, digits.inputs, {}, explain::make_composite("alpha1-beta0"));

  // Step 3: one figure, a row per method.
  std::vector<Tensor> inputs;
  std::vector<render::GridRow> rows{{"sensitivity", {}}, {"Taylor", {}}, {"LRP a1b0", {}}};
  render::GridOptions grid;
  for (std::size_t n = 0; n < digits.size(); ++n) {
    inputs.push_back(picture(digits.inputs, n));
    rows[0].relevances.push_back(picture(slope.relevance, n));
    rows[1].relevances.push_back(picture(taylor.relevance, n));
    rows[2].relevances.push_back(picture(lrp.relevance, n));
    grid.column_labels.push_back(std::to_string(digits.labels[n]) + "->" +
                                 std::to_string(lrp.targets[n]));
  }
  render::write_grid_png(folder + "methods.png", inputs, rows, grid);
  std::printf("figure written to %smethods.png\n", folder.c_str());

  // Step 4: the figure in numbers.
  const Measures s = measure(slope, digits.inputs), t = measure(taylor, digits.inputs),
                 l = measure(lrp, digits.inputs);
  std::printf("method        negative share   share on blank pixels   sum R / f(x)\n");
  const std::pair<const char*, Measures> table[] = {
      {"sensitivity", s}, {"Taylor", t}, {"LRP a1b0", l}};
  for (const auto& [name, m] : table) {
    std::printf("%-13s %13.1f%% %22.1f%% %10.3f to %.3f\n", name, 100.0 * m.negative_share,
                100.0 * m.blank_share, m.smallest_ratio, m.largest_ratio);
  }
  run.promise(s.blank_share >= 0.3,
              tutorials::formatted("sensitivity puts at least 30%% of |R| on pixels without ink "
                                   "(%.1f%%)",
                                   100.0 * s.blank_share));
  run.promise(t.blank_share == 0.0 && l.blank_share == 0.0,
              tutorials::formatted("simple Taylor and LRP-a1b0 give pixels without ink nothing "
                                   "(%.1f%% and %.1f%%)",
                                   100.0 * t.blank_share, 100.0 * l.blank_share));
  run.promise(t.negative_share >= 0.2 && l.negative_share == 0.0,
              tutorials::formatted("simple Taylor's relevance is at least 20%% negative (%.1f%%), "
                                   "LRP-a1b0's not at all (%.1f%%)",
                                   100.0 * t.negative_share, 100.0 * l.negative_share));

  // Step 4, continued: LRP conserves relevance, except what the biases keep.
  std::cout << "LRP-alpha1-beta0, first digit:\n" << lrp.conservation.format(0);
  run.promise(l.smallest_ratio >= 0.9 && l.largest_ratio <= 1.0,
              tutorials::formatted("LRP-a1b0 hands 90%% to 100%% of f(x) to the pixels, the biases "
                                   "keep the rest (%.3f to %.3f)",
                                   l.smallest_ratio, l.largest_ratio));

  // Step 5: LRP-0 on a ReLU network is gradient × input, the Taylor row (docs/math/lrp.md eq. 4).
  const explain::LrpExplanation zero =
      explain::lrp(model, digits.inputs, {}, explain::make_composite("lrp-0"));
  const double largest = xt::amax(xt::abs(taylor.relevance))();
  const double difference = xt::amax(xt::abs(zero.relevance - taylor.relevance))();
  run.promise(difference <= 1e-5 * largest,
              tutorials::formatted("LRP-0 equals simple Taylor to 1e-5 of the largest |R| "
                                   "(%.1e of %.3f)",
                                   difference, largest));

  // Step 6: the methods students meet in other toolboxes, on the same digits.
  const Tensor black = xt::zeros<float>({1, 28, 28});
  const explain::TaylorExplanation path =
      explain::integrated_gradients(model, digits.inputs, black, 32);
  explain::SmoothGradOptions noisy;  // 16 copies, noise σ = 0.15 of the pixel range
  noisy.squared = true;
  const explain::Explanation smooth =
      explain::smooth_grad(model, digits.inputs, explain::logit_gradient_map, noisy);
  const explain::Explanation covered = explain::occlusion(model, digits.inputs);  // 4×4 patch
  const explain::Explanation guided = explain::guided_backprop(model, digits.inputs);
  const explain::Explanation deconv = explain::deconvnet(model, digits.inputs);

  std::vector<render::GridRow> others{{"integrated grad.", {}}, {"SmoothGrad sq.", {}},
                                      {"occlusion", {}},        {"guided backprop", {}},
                                      {"deconvnet", {}},        {"LRP a1b0", {}}};
  const explain::Explanation* maps[] = {&path, &smooth, &covered, &guided, &deconv, &lrp};
  for (std::size_t row = 0; row < others.size(); ++row) {
    for (std::size_t n = 0; n < digits.size(); ++n) {
      others[row].relevances.push_back(picture(maps[row]->relevance, n));
    }
  }
  render::write_grid_png(folder + "others.png", inputs, others, grid);
  std::printf("figure written to %sothers.png\n", folder.c_str());

  std::printf("method            negative share   share on blank pixels\n");
  for (std::size_t row = 0; row < others.size(); ++row) {
    const Measures m = measure(*maps[row], digits.inputs);
    std::printf("%-17s %13.1f%% %22.1f%%\n", others[row].label.c_str(), 100.0 * m.negative_share,
                100.0 * m.blank_share);
  }
  double worst_gap = 0.0;  // |Σ R − (f(x) − f(black))| / |f(x) − f(black)|, eq. (12)
  for (std::size_t n = 0; n < digits.size(); ++n) {
    const double sum = xt::sum(xt::view(path.relevance, n))();
    const double change = path.outputs[n] - path.root_outputs[n];
    worst_gap = std::max(worst_gap, std::abs(sum - change) / std::abs(change));
  }
  run.promise(measure(path, digits.inputs).blank_share == 0.0 && worst_gap <= 0.05,
              tutorials::formatted("integrated gradients gives blank pixels nothing and adds up "
                                   "to f(x) - f(black) within 5%% (worst %.2f%%)",
                                   100.0 * worst_gap));
  const Labels all_threes(digits.size(), 3);
  const Tensor threes = explain::deconvnet(model, digits.inputs, all_threes).relevance;
  double spread = 0.0;  // how far each digit's deconvnet map for class 3 is from the first one's
  for (std::size_t n = 1; n < digits.size(); ++n) {
    spread =
        std::max(spread, double(xt::amax(xt::abs(xt::view(threes, n) - xt::view(threes, 0)))()));
  }
  run.promise(
      spread <= 1e-6 * double(xt::amax(xt::abs(threes))()),
      tutorials::formatted("the deconvnet's map for class 3 is the same picture for all ten "
                           "digits (largest difference %.1e)",
                           spread));
}

}  // namespace

int main(int argc, char** argv) {
  return tutorials::run_tutorial(argc, argv, "07_lrp_vs_other_methods", lesson);
}
