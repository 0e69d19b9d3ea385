// Tutorial 15: do similar inputs get similar explanations? (tutorials/15_continuity/README.md)
//
// Part 1, the paper's toy: f(x) = max(x₁, x₂) as a two-layer ReLU network, explained over the unit
// square by sensitivity, simple Taylor and deep Taylor (toy_plane.png: R₁ and R₂ over the plane;
// toy_slice.png: R₁ along the line x₂ = 0.5), and the continuity measure on it (toy_curves.png).
// Part 2: the measure for every method on an MLP and a CNN trained on MNIST, against the noise
// size σ (mnist.png), and one digit and two noisy copies explained by each (pair_mlp.png,
// pair_cnn.png).
//
// Shapes: toy inputs N×2 in [0, 1]²; plane maps G×G (row 0 at x₂ = 1); MNIST images N×1×28×28 in
// [0, 1].
#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include <xtensor/xview.hpp>

#include "explain/evaluation/continuity.hpp"
#include "explain/methods.hpp"
#include "explain/render/heatmap.hpp"
#include "explain/render/line_plot.hpp"
#include "explain/render/map_rows.hpp"
#include "framework/layers/dense.hpp"
#include "framework/layers/relu.hpp"
#include "framework/training/metrics.hpp"
#include "tutorials/common/figure_panels.hpp"
#include "tutorials/common/promise_text.hpp"
#include "tutorials/common/tutorial_support.hpp"

using namespace glassbox;
using namespace glassbox::explain;

namespace {

constexpr std::size_t kGrid = 64;  // points per side of the plane

// A Dense layer with the given weights (D×K, row-major) and zero biases.
std::unique_ptr<Dense> fixed_dense(std::size_t inputs, std::size_t outputs,
                                   const std::vector<float>& weights) {
  Rng rng(0);
  auto layer = std::make_unique<Dense>(inputs, outputs, Initializer::he, rng);
  auto parameters = layer->parameters();
  std::copy(weights.begin(), weights.end(), parameters[0].value->begin());
  parameters[1].value->fill(0.0f);
  return layer;
}

// max(x₁, x₂) = ½ (x₁ + x₂) + ½ |x₁ − x₂|
//             = ½ relu(x₁ + x₂) + ½ relu(x₁ − x₂) + ½ relu(x₂ − x₁)   for x₁ + x₂ ≥ 0.
Sequential max_network() {
  Sequential model({2});
  model.add(fixed_dense(2, 3,
                        {1, 1, -1,  // x₁ → units (x₁ + x₂), (x₁ − x₂), (x₂ − x₁)
                         1, -1, 1}));  // x₂
  model.add(std::make_unique<ReLU>());
  model.add(fixed_dense(3, 1, {0.5f, 0.5f, 0.5f}));
  return model;
}

// The centres of a G×G grid over [0, 1]², row by row from x₂ = 1 (top) down, x₁ left to right.
Tensor plane_points() {
  Tensor points = Tensor::from_shape({kGrid * kGrid, 2});
  for (std::size_t row = 0; row < kGrid; ++row) {
    for (std::size_t column = 0; column < kGrid; ++column) {
      points(row * kGrid + column, 0) = (static_cast<float>(column) + 0.5f) / kGrid;
      points(row * kGrid + column, 1) = 1.0f - (static_cast<float>(row) + 0.5f) / kGrid;
    }
  }
  return points;
}

// Feature i of every grid point, as a G×G map.
Tensor plane_map(const Tensor& values, std::size_t i) {
  Tensor map = Tensor::from_shape({kGrid, kGrid});
  for (std::size_t p = 0; p < kGrid * kGrid; ++p) map.data()[p] = values(p, i);
  return map;
}

std::vector<MethodChoice> toy_methods() {
  std::vector<MethodChoice> methods(3);
  methods[0].method = "sensitivity";
  methods[1].method = "taylor";
  methods[2].method = "deep-taylor";  // z⁺ on the top layer, zᴮ over [0, 1]² on the first
  return methods;
}

void draw_toy(Sequential& model, const std::string& folder) {
  const Tensor points = plane_points();
  Tensor f = Tensor::from_shape({kGrid * kGrid, 1});
  f = model.forward(points);
  std::vector<render::MapRow> rows{
      {"f = max", {plane_map(f, 0)}, {"f(x)"}, render::MapStyle::intensities}};
  std::vector<render::Series> slice;
  std::vector<double> x1;
  for (std::size_t column = 0; column < kGrid; ++column) x1.push_back(points(column, 0));
  const std::size_t middle_row = kGrid / 2;  // x₂ = 1 − (G/2 + ½)/G, just below 0.5
  for (const MethodChoice& choice : toy_methods()) {
    const Tensor relevance = explain_with(model, points, {}, choice).relevance;
    rows.push_back({method_label(choice),
                    {plane_map(relevance, 0), plane_map(relevance, 1)},
                    {"R1", "R2"},
                    render::MapStyle::signed_values});
    std::vector<double> along;
    for (std::size_t column = 0; column < kGrid; ++column) {
      along.push_back(relevance(middle_row * kGrid + column, 0));
    }
    slice.push_back({method_label(choice), along, render::series_color(slice.size())});
  }
  render::MapRowsOptions options;
  options.upscale = 3;
  options.scaling = render::GridScaling::per_row;
  options.negative_label = "against";
  options.positive_label = "for";
  render::write_map_rows_png(folder + "toy_plane.png", rows, options);
  render::LinePlotOptions plot;
  plot.title = "R1 along x2 = 0.49 (the diagonal at x1 = 0.49)";
  plot.x_label = "x1";
  plot.plot_height = 220;
  render::write_line_plot_png(folder + "toy_slice.png", x1, slice, plot);
}

// Method label → curve.
using Curves = std::map<std::string, ContinuityCurve>;

Curves measure(Sequential& model, const Tensor& inputs, const std::vector<MethodChoice>& methods,
               const ContinuityOptions& options) {
  Curves curves;
  std::printf("  %-24s", "sigma:");
  for (const double size : options.sizes) std::printf(" %8.3g", size);
  std::printf("   (mean; largest at the smallest and largest sigma)\n");
  for (const MethodChoice& choice : methods) {
    const ContinuityCurve curve = continuity(model, inputs, choice, options);
    std::printf("  %-24s", method_label(choice).c_str());
    for (const double change : curve.mean_change) std::printf(" %8.4f", change);
    std::printf("   %.3f, %.3f\n", curve.largest.front(), curve.largest.back());
    curves[method_label(choice)] = curve;
  }
  return curves;
}

void toy_numbers(const tutorials::TutorialRun& run, Sequential& model) {
  // 400 points uniform in [0.1, 0.9]²: away from the origin, where every ‖R‖ → 0.
  Tensor points = Tensor::from_shape({400, 2});
  Rng rng(3);
  std::uniform_real_distribution<float> uniform(0.1f, 0.9f);
  for (float& value : points) value = uniform(rng);
  ContinuityOptions options;
  options.sizes = {0.002, 0.005, 0.01, 0.02, 0.05};
  options.draws = 8;
  options.clip = true;  // inputs stay in [0, 1]², the box deep Taylor's zᴮ rule is made for
  std::printf("the toy max(x1, x2), 400 points in [0.1, 0.9]^2, 8 draws:\n");
  const Curves curves = measure(model, points, toy_methods(), options);
  tutorials::PlotPanel mean{options.sizes, {}, "mean relative change"};
  tutorials::PlotPanel largest{options.sizes, {}, "largest relative change"};
  for (const MethodChoice& choice : toy_methods()) {
    const ContinuityCurve& curve = curves.at(method_label(choice));
    const render::Rgb color = render::series_color(mean.series.size());
    mean.series.push_back({method_label(choice), curve.mean_change, color});
    largest.series.push_back({method_label(choice), curve.largest, color});
  }
  render::LinePlotOptions plot;
  plot.x_label = "sigma";
  plot.plot_width = 320;
  plot.plot_height = 220;
  tutorials::write_plots_side_by_side(run.folder() + "toy_curves.png", {mean, largest}, plot);

  const ContinuityCurve& gradient = curves.at("sensitivity");
  const ContinuityCurve& deep = curves.at("deep Taylor");
  run.promise(std::abs(gradient.largest.front() - std::sqrt(2.0)) < 1e-4,
              tutorials::formatted("on the toy, sensitivity's largest change is sqrt 2 even at "
                                   "sigma = 0.002 (%.4f)",
                                   gradient.largest.front()));
  run.promise(deep.largest.front() < 0.05 && deep.largest.front() < deep.largest.back() / 5.0,
              tutorials::formatted("on the toy, deep Taylor's largest change shrinks with sigma "
                                   "(%.4f at 0.002, %.4f at 0.05)",
                                   deep.largest.front(), deep.largest.back()));
}

// The comparison methods and three LRP rules on every layer. (LRP-0 and z⁺ would repeat curves
// already drawn: on ReLU networks LRP-0 equals simple Taylor, and z⁺ equals α1β0 where every
// input is ≥ 0; the program measures LRP-0 once to show it.)
std::vector<MethodChoice> mnist_methods() {
  std::vector<MethodChoice> methods = comparison_methods();
  for (const char* rule : {"epsilon", "gamma"}) {
    MethodChoice choice;
    choice.rule = rule;
    methods.push_back(choice);
  }
  return methods;
}

// One test digit x and two nearby images x + 0.05 ε (clipped to [0, 1]), explained by the
// comparison methods for the class of x: which heatmaps stay the same? Writes pair_<name>.png.
void draw_pair(Sequential& model, const LabeledData& images, const std::string& name,
               const std::string& folder) {
  const Tensor x = xt::view(images.inputs, xt::range(0, 1));
  const Tensor epsilon = perturbation_directions(x, 2, 1);
  Tensor batch = Tensor::from_shape({3, 1, 28, 28});
  for (std::size_t n = 0; n < 3; ++n) {
    xt::view(batch, n) = xt::view(x, 0);
    if (n > 0) xt::view(batch, n) += 0.05f * xt::view(epsilon, n - 1);
  }
  batch = xt::clip(batch, 0.0f, 1.0f);
  const Labels classes(3, explain_with(model, x, {}, comparison_methods()[0]).targets[0]);
  std::vector<Tensor> inputs;
  for (std::size_t n = 0; n < 3; ++n) inputs.push_back(xt::view(batch, n, 0));
  std::vector<render::GridRow> rows;
  for (const MethodChoice& choice : comparison_methods()) {
    const Tensor relevance = explain_with(model, batch, classes, choice).relevance;
    render::GridRow row{method_label(choice), {}};
    for (std::size_t n = 0; n < 3; ++n) row.relevances.push_back(xt::view(relevance, n, 0));
    rows.push_back(std::move(row));
  }
  render::GridOptions options;
  options.upscale = 3;
  options.column_labels = {"x", "x'", "x''"};
  render::write_grid_png(folder + "pair_" + name + ".png", inputs, rows, options);
}

// Trains `spec` on MNIST, measures every method on the first test digits and returns the curves
// as one panel of mnist.png.
tutorials::PlotPanel measure_on_mnist(const tutorials::TutorialRun& run,
                                      const tutorials::Mnist& data, const std::string& name,
                                      const std::string& spec, int epochs, double floor,
                                      double quick_floor) {
  Sequential model = tutorials::train_on_mnist(spec, data, epochs);
  tutorials::promise_test_accuracy(run, "the " + name, evaluate(model, data.test).accuracy,
                                   run.choose(floor, quick_floor));
  const LabeledData images = slice(data.test, 0, run.choose<std::size_t>(100, 20));
  ContinuityOptions options;
  options.sizes = {0.01, 0.02, 0.05, 0.1, 0.2};
  options.draws = run.choose<std::size_t>(4, 2);
  options.clip = true;  // every x′ is an image, pixels in [0, 1]
  std::printf("the %s on %zu test digits, %zu draws each:\n", name.c_str(), images.inputs.shape(0),
              options.draws);
  std::vector<MethodChoice> methods = mnist_methods();
  MethodChoice lrp_0;
  lrp_0.rule = "lrp-0";
  methods.push_back(lrp_0);
  const Curves curves = measure(model, images.inputs, methods, options);
  methods.pop_back();
  const std::string lower = name == "MLP" ? "mlp" : "cnn";
  draw_pair(model, images, lower, run.folder());

  const double gradient = curves.at("sensitivity").mean_change.front();
  const double deep = curves.at("deep Taylor").mean_change.front();
  run.promise(deep < gradient / 3.0,
              tutorials::formatted("%s, sigma = 0.01: deep Taylor changes less than a third as "
                                   "much as sensitivity (%.4f < %.4f / 3)",
                                   name.c_str(), deep, gradient));
  const double taylor = curves.at("Taylor").mean_change.back();
  const double lrp_zero = curves.at("LRP lrp-0").mean_change.back();
  run.promise(std::abs(taylor - lrp_zero) < 1e-3 * taylor,
              tutorials::formatted("%s: LRP-0 changes exactly as simple Taylor does (%.5f, %.5f)",
                                   name.c_str(), lrp_zero, taylor));
  tutorials::PlotPanel panel{options.sizes, {}, name};
  for (const MethodChoice& choice : methods) {
    panel.series.push_back({method_label(choice), curves.at(method_label(choice)).mean_change,
                            render::series_color(panel.series.size())});
  }
  return panel;
}

void lesson(const tutorials::TutorialRun& run) {
  Sequential toy = max_network();
  draw_toy(toy, run.folder());
  toy_numbers(run, toy);

  const tutorials::Mnist data = tutorials::load_mnist_for_tutorial(run.choose(20000, 4000));
  std::vector<tutorials::PlotPanel> panels;
  panels.push_back(measure_on_mnist(
      run, data, "MLP", "flatten,dense:256,relu,dense:128,relu,dense:10", 3, 0.94, 0.88));
  panels.push_back(measure_on_mnist(run, data, "CNN",
                                    "conv:16:5:1:2,relu,maxpool:2,conv:32:5:1:2,relu,maxpool:2,"
                                    "flatten,dense:128,relu,dense:10",
                                    1, 0.965, 0.85));
  render::LinePlotOptions plot;
  plot.x_label = "sigma of the pixel noise";
  plot.plot_width = 360;
  tutorials::write_plots_side_by_side(run.folder() + "mnist.png", panels, plot);
  std::printf("figures written to %s\n", run.folder().c_str());
}

}  // namespace

int main(int argc, char** argv) {
  return tutorials::run_tutorial(argc, argv, "15_continuity", lesson);
}
