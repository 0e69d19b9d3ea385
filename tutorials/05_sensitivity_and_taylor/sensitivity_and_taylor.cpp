// Tutorial 5: sensitivity and simple Taylor decomposition, closely: what their relevance adds up
// to, how much of it is negative, and what a root point close to the input changes
// (tutorials/05_sensitivity_and_taylor/README.md walks through this file).
//
// Writes heatmaps.png (sensitivity, Taylor at the root 0 and Taylor at a nearby root, one test
// digit of each class), roots.png (those digits and their two root points) and conservation.png
// (Σ R against f(x) over 100 test digits), and checks what the page promises: Σ R = ‖∇f‖² for
// sensitivity; Σ R plus the biases' share = f(x) for simple Taylor, and Σ R = f(x) once the
// biases are 0; a root found near every digit, with less negative relevance than at the root 0.
//
// Shapes: images N×1×28×28 in [0, 1]; relevance the same; logits N×10.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include <xtensor/xview.hpp>

#include "explain/gradient.hpp"
#include "explain/render/heatmap.hpp"
#include "explain/render/line_plot.hpp"
#include "explain/render/picture_rows.hpp"
#include "explain/sensitivity.hpp"
#include "explain/taylor.hpp"
#include "framework/training/metrics.hpp"
#include "tutorials/common/figure_panels.hpp"
#include "tutorials/common/measures.hpp"
#include "tutorials/common/promise_text.hpp"
#include "tutorials/common/tutorial_support.hpp"

using namespace glassbox;
using namespace glassbox::explain;
using tutorials::formatted;
using tutorials::mean;

namespace {

// How far down the gradient the root search may go: kReach times the step at which the linear
// approximation f(x) − t‖∇f‖² reaches 0.
constexpr float kReach = 8.0f;

std::size_t pixels_per_sample(const Tensor& batch) {
  return batch.size() / batch.shape(0);
}

// Σ_i v_i of sample n, in double.
double sample_sum(const Tensor& values, std::size_t n) {
  const std::size_t d = pixels_per_sample(values);
  return std::accumulate(values.data() + n * d, values.data() + (n + 1) * d, 0.0);
}

// ‖v_n‖² of every sample, in double.
std::vector<double> squared_norms(const Tensor& values) {
  const std::size_t d = pixels_per_sample(values);
  std::vector<double> norms;
  for (std::size_t n = 0; n < values.shape(0); ++n) {
    const float* v = values.data() + n * d;
    norms.push_back(std::inner_product(v, v + d, v, 0.0));
  }
  return norms;
}

// The share of relevance that is negative, Σ max(−R_i, 0) / Σ |R_i|, of sample n.
double negative_share(const Tensor& relevance, std::size_t n) {
  const std::size_t d = pixels_per_sample(relevance);
  double negative = 0.0, total = 0.0;
  for (const float* r = relevance.data() + n * d; r != relevance.data() + (n + 1) * d; ++r) {
    negative += std::max(-*r, 0.0f);
    total += std::abs(*r);
  }
  return total > 0.0 ? negative / total : 0.0;
}

// max_n |a_n − b_n| / |b_n|: how far two lists of numbers that should agree are apart.
double largest_relative_difference(const std::vector<double>& a, const std::vector<double>& b) {
  double largest = 0.0;
  for (std::size_t n = 0; n < a.size(); ++n) {
    largest = std::max(largest, std::abs(a[n] - b[n]) / std::abs(b[n]));
  }
  return largest;
}

// What the page's table shows of one explanation, digit by digit.
struct Measured {
  std::string name;
  std::vector<double> outputs;          // f(x)
  std::vector<double> sums;             // Σ_i R_i
  std::vector<double> negative_shares;  // Σ max(−R_i, 0) / Σ |R_i|
  std::vector<double> distances;        // rms per pixel of x − x̃
};

Measured measure(const std::string& name, const Tensor& inputs, const Explanation& explanation,
                 const Tensor& root) {
  Measured measured{name, {explanation.outputs.begin(), explanation.outputs.end()}, {}, {}, {}};
  const std::size_t d = pixels_per_sample(inputs);
  for (std::size_t n = 0; n < inputs.shape(0); ++n) {
    measured.sums.push_back(sample_sum(explanation.relevance, n));
    measured.negative_shares.push_back(negative_share(explanation.relevance, n));
    measured.distances.push_back(
        tutorials::rms_distance(inputs.data() + n * d, root.data() + n * d, d));
  }
  return measured;
}

// Step 1: sensitivity explains the slope: Σ_i (∂f/∂x_i)² = ‖∇f‖², whatever f(x) is.
void check_sensitivity(Sequential& model, const Tensor& x, const tutorials::TutorialRun& run) {
  const Explanation slope = sensitivity(model, x);
  const std::vector<double> norms = squared_norms(logit_gradient(model, x).gradient);
  std::vector<double> sums;
  std::printf("\nsensitivity:   f(x)    sum R   |grad f|^2\n");
  for (std::size_t n = 0; n < norms.size(); ++n) {
    sums.push_back(sample_sum(slope.relevance, n));
    if (n < 3)
      std::printf("  digit %zu  %7.2f  %7.3f  %7.3f\n", n, slope.outputs[n], sums[n], norms[n]);
  }
  const double worst = largest_relative_difference(sums, norms);
  run.promise(worst < 1e-5, formatted("sensitivity: sum R = |grad f|^2 to rounding on %zu digits; "
                                      "largest relative difference %.3g",
                                      norms.size(), worst));
}

// The biases' share of f_c(x) for each sample: Σ_j b_j ∂f_c/∂b_j over every bias of the model.
// A ReLU network is positively homogeneous in its inputs and biases together, f(t·x; t·b) =
// t·f(x; b), so by Euler's theorem f = Σ_i x_i ∂f/∂x_i + Σ_j b_j ∂f/∂b_j: simple Taylor's
// relevance plus this share is f(x). One sample at a time, because the bias gradients of a batch
// add up over its samples.
std::vector<double> bias_shares(Sequential& model, const Tensor& inputs, const Labels& targets) {
  model.set_training(false);
  std::vector<double> shares;
  for (std::size_t n = 0; n < targets.size(); ++n) {
    const Tensor x = xt::view(inputs, xt::range(n, n + 1));
    Tensor one_hot = xt::zeros<float>(model.forward(x).shape());
    one_hot(0, static_cast<std::size_t>(targets[n])) = 1.0f;
    model.zero_gradients();
    model.backward(one_hot);
    double share = 0.0;
    for (const Parameter& parameter : model.parameters()) {
      if (parameter.name != "bias") continue;
      const float* b = parameter.value->data();
      share += std::inner_product(b, b + parameter.value->size(), parameter.gradient->data(), 0.0);
    }
    shares.push_back(share);
  }
  model.zero_gradients();
  return shares;
}

// A nearby root point (docs/math/explanations.md eq. 9): down the gradient from x, inside the
// pixel box, until f_c reaches 0. d = −kReach·f(x)/‖∇f‖²·∇f, so the path p(t) = clip(x + t·d)
// passes the linear approximation's root at t = 1/kReach.
RootPoint root_down_the_gradient(Sequential& model, const Tensor& inputs, const Labels& targets) {
  const LogitGradient slope = logit_gradient(model, inputs, targets);
  const std::vector<double> norms = squared_norms(slope.gradient);
  Tensor direction = slope.gradient;
  const std::size_t d = pixels_per_sample(inputs);
  for (std::size_t n = 0; n < targets.size(); ++n) {
    const auto scale = static_cast<float>(-kReach * slope.outputs[n] / norms[n]);
    for (float* g = direction.data() + n * d; g != direction.data() + (n + 1) * d; ++g) *g *= scale;
  }
  RootSearch search;
  search.low = 0.0f;
  search.high = 1.0f;
  return first_root_on_path(model, inputs, direction, targets, search);
}

void print_table(const std::vector<const Measured*>& rows) {
  std::printf("\n%zu test digits (means):\n", rows[0]->sums.size());
  std::printf("  %-26s %12s %10s %15s\n", "", "rms |x - x~|", "sum R/f", "negative share");
  for (const Measured* row : rows) {
    std::vector<double> sum_over_f;
    for (std::size_t n = 0; n < row->sums.size(); ++n) {
      sum_over_f.push_back(row->sums[n] / row->outputs[n]);
    }
    std::printf("  %-26s %12.3f %10.3f %14.1f%%\n", row->name.c_str(), mean(row->distances),
                mean(sum_over_f), 100.0 * mean(row->negative_shares));
  }
}

Tensor picture(const Tensor& batch, std::size_t n) {
  return xt::view(batch, n, 0);
}

// heatmaps.png and roots.png: one test digit of each class, on the bias-free network.
void draw_digits(Sequential& model, const LabeledData& digits, const std::string& folder) {
  const Explanation slope = sensitivity(model, digits.inputs);
  const Explanation taylor = simple_taylor(model, digits.inputs, slope.targets);
  const RootPoint root = root_down_the_gradient(model, digits.inputs, slope.targets);
  const TaylorExplanation nearby =
      taylor_decomposition(model, digits.inputs, root.points, slope.targets);
  std::vector<Tensor> inputs;
  std::vector<render::GridRow> rows{{"sensitivity", {}}, {"Taylor at 0", {}}, {"Taylor near", {}}};
  render::GridOptions grid;
  std::vector<render::PictureRow> points{{"x", {}, {}}, {"root 0", {}, {}}, {"near root", {}, {}}};
  for (std::size_t n = 0; n < digits.size(); ++n) {
    inputs.push_back(picture(digits.inputs, n));
    rows[0].relevances.push_back(picture(slope.relevance, n));
    rows[1].relevances.push_back(picture(taylor.relevance, n));
    rows[2].relevances.push_back(picture(nearby.relevance, n));
    grid.column_labels.push_back(std::to_string(digits.labels[n]) + "->" +
                                 std::to_string(slope.targets[n]));
    points[0].pictures.push_back(picture(digits.inputs, n));
    points[0].captions.push_back(formatted("f %.1f", slope.outputs[n]));
    points[1].pictures.push_back(xt::zeros<float>({28, 28}));
    points[1].captions.push_back("f 0");
    points[2].pictures.push_back(picture(root.points, n));
    points[2].captions.push_back(formatted("f %.0g", root.outputs[n]));
  }
  render::write_grid_png(folder + "heatmaps.png", inputs, rows, grid);
  render::write_picture_rows_png(folder + "roots.png", points);
}

// conservation.png: Σ R / f(x) of the Taylor variants, and sensitivity's Σ R beside f(x), for
// every digit, the digits ordered by f(x).
void plot_conservation(const Measured& at_zero, const Measured& biased, const Measured& near,
                       const Explanation& slope, const std::string& path) {
  const std::size_t count = at_zero.sums.size();
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return at_zero.outputs[a] < at_zero.outputs[b]; });
  std::vector<double> position;
  std::vector<render::Series> ratios{{at_zero.name, {}, render::series_color(1)},
                                     {biased.name, {}, render::series_color(3)},
                                     {near.name, {}, render::series_color(0)}};
  std::vector<render::Series> slopes{{"f(x)", {}, render::kBlack},
                                     {"sum R = |grad f|^2", {}, render::series_color(2)}};
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t n = order[i];
    position.push_back(static_cast<double>(i + 1));
    ratios[0].values.push_back(at_zero.sums[n] / at_zero.outputs[n]);
    ratios[1].values.push_back(biased.sums[n] / biased.outputs[n]);
    ratios[2].values.push_back(near.sums[n] / near.outputs[n]);
    slopes[0].values.push_back(at_zero.outputs[n]);
    slopes[1].values.push_back(sample_sum(slope.relevance, n));
  }
  render::LinePlotOptions plot;
  plot.plot_width = 400;
  plot.x_label = "test digits, ordered by f(x)";
  tutorials::write_plots_side_by_side(path,
                                      {{position, ratios, "Taylor: sum R / f(x)"},
                                       {position, slopes, "sensitivity: sum R and f(x)"}},
                                      plot);
}

void lesson(const tutorials::TutorialRun& run) {
  const tutorials::Mnist data = tutorials::load_mnist_for_tutorial(run.choose(20000, 4000));
  Sequential model =
      tutorials::train_on_mnist("flatten,dense:256,relu,dense:128,relu,dense:10", data, 3);
  const Tensor x = slice(data.test, 0, 100).inputs;  // the numbers: the first 100 test digits
  check_sensitivity(model, x, run);

  // Step 2: simple Taylor with biases. Σ R + Σ_j b_j ∂f/∂b_j = f(x).
  const Explanation with_biases = simple_taylor(model, x);
  const Labels& targets = with_biases.targets;
  const Tensor origin = xt::zeros<float>(x.shape());
  const Measured biased = measure("Taylor at 0, with biases", x, with_biases, origin);
  const std::vector<double> shares = bias_shares(model, x, targets);
  std::vector<double> completed, share_of_f;
  for (std::size_t n = 0; n < shares.size(); ++n) {
    completed.push_back(biased.sums[n] + shares[n]);
    share_of_f.push_back(shares[n] / biased.outputs[n]);
  }
  std::printf("\nsimple Taylor with biases: the biases' share is %.1f%% of f(x) on average\n",
              100.0 * mean(share_of_f));
  double worst = largest_relative_difference(completed, biased.outputs);
  run.promise(worst < 1e-4, formatted("simple Taylor with biases: sum R + sum_j b_j df/db_j = f(x) "
                                      "to rounding; largest relative difference %.3g",
                                      worst));

  // Step 3: the same network with every bias set to 0. Σ R = f(x).
  const double accuracy = evaluate(model, data.test).accuracy;
  for (const Parameter& parameter : model.parameters()) {
    if (parameter.name == "bias") parameter.value->fill(0.0f);
  }
  std::printf("biases set to 0: test accuracy %.2f%% -> %.2f%%\n", 100.0 * accuracy,
              100.0 * evaluate(model, data.test).accuracy);
  const Measured at_zero =
      measure("Taylor at 0, no biases", x, simple_taylor(model, x, targets), origin);
  worst = largest_relative_difference(at_zero.sums, at_zero.outputs);
  run.promise(worst < 1e-4, formatted("simple Taylor without biases: sum R = f(x) to rounding; "
                                      "largest relative difference %.3g",
                                      worst));

  // Step 4: a root point near x, and the Taylor expansion there.
  const RootPoint root = root_down_the_gradient(model, x, targets);
  const auto found = std::count(root.found.begin(), root.found.end(), true);
  run.promise(found == static_cast<long>(targets.size()),
              formatted("a root down the gradient found for every digit: %ld of %zu",
                        static_cast<long>(found), targets.size()));
  const Measured near = measure("Taylor near, no biases", x,
                                taylor_decomposition(model, x, root.points, targets), root.points);
  print_table({&biased, &at_zero, &near});
  std::printf("  (the roots: f(x~) from %.2g to %.2g; t* from %.3f to %.3f)\n",
              *std::min_element(root.outputs.begin(), root.outputs.end()),
              *std::max_element(root.outputs.begin(), root.outputs.end()),
              *std::min_element(root.steps.begin(), root.steps.end()),
              *std::max_element(root.steps.begin(), root.steps.end()));
  run.promise(mean(near.negative_shares) < mean(at_zero.negative_shares),
              formatted("the nearby root has less negative relevance than the root 0: %.3g < %.3g",
                        mean(near.negative_shares), mean(at_zero.negative_shares)));

  // The figures, all from the bias-free network.
  draw_digits(model, tutorials::one_per_digit(data.test, 10), run.folder());
  plot_conservation(at_zero, biased, near, sensitivity(model, x, targets),
                    run.folder() + "conservation.png");
  std::printf("figures written to %s: heatmaps.png, roots.png, conservation.png\n",
              run.folder().c_str());
}

}  // namespace

int main(int argc, char** argv) {
  return tutorials::run_tutorial(argc, argv, "05_sensitivity_and_taylor", lesson);
}
