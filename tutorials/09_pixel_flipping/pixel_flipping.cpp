// Tutorial 9: is an explanation right? Destroy the pixels it calls most relevant first and watch
// the logit fall (tutorials/09_pixel_flipping/README.md).
//
// Writes noise.png and background.png, the pixel-flipping curves of five methods and a random
// order with two kinds of replacement, prints their AOPC, and checks the ranking the page states
// (TutorialRun::promise).
//
// Shapes: images N×1×28×28 in [0, 1], N = 100 test digits; 196 regions of 2×2 pixels each.
#include <algorithm>
#include <cstdio>
#include <map>
#include <string>

#include "explain/evaluation/pixel_flipping.hpp"
#include "explain/methods.hpp"
#include "explain/render/line_plot.hpp"
#include "framework/training/metrics.hpp"
#include "tutorials/common/promise_text.hpp"
#include "tutorials/common/tutorial_support.hpp"

using namespace glassbox;
using namespace glassbox::explain;

namespace {

// AOPC per method label ("sensitivity", "Taylor", "LRP alpha1-beta0", ..., "random order").
using Aopcs = std::map<std::string, double>;

Aopcs flip_and_plot(Sequential& model, const LabeledData& images, bool constant,
                    const std::string& path) {
  FlippingOptions options;  // 2×2 regions, 4 per step, until all 196 are gone
  options.constant = constant;
  std::vector<render::Series> series;
  std::vector<double> x;
  Labels targets;
  Aopcs aopcs;
  auto add = [&](const std::string& label, const Tensor& relevance) {
    const FlippingCurve curve = pixel_flipping(model, images.inputs, relevance, targets, options);
    std::printf("  %-24s AOPC %6.2f\n", label.c_str(), curve.aopc);
    series.push_back({label, curve.mean_logit, render::series_color(series.size())});
    x = curve.regions_flipped;
    aopcs[label] = curve.aopc;
  };
  std::printf("%s:\n", constant ? "replaced by background (0)" : "replaced by uniform noise");
  for (const MethodChoice& choice : comparison_methods()) {
    const LrpExplanation explanation = explain_with(model, images.inputs, {}, choice);
    targets = explanation.targets;
    add(method_label(choice), explanation.relevance);
  }
  add("random order", random_order(images.inputs, 2));
  render::LinePlotOptions plot;
  plot.title = std::string("mean logit, regions ") + (constant ? "emptied" : "replaced by noise");
  plot.x_label = "2x2 regions destroyed, most relevant first";
  render::write_line_plot_png(path, x, series, plot);
  return aopcs;
}

// The smallest AOPC among `labels`, and which one it is.
std::pair<std::string, double> weakest(const Aopcs& aopcs, const std::vector<std::string>& labels) {
  std::pair<std::string, double> found{"", 1e30};
  for (const std::string& label : labels) {
    if (aopcs.at(label) < found.second) found = {label, aopcs.at(label)};
  }
  return found;
}

void lesson(const tutorials::TutorialRun& run) {
  const std::string& folder = run.folder();
  const tutorials::Mnist data = tutorials::load_mnist_for_tutorial(run.choose(20000, 4000));
  Sequential model =
      tutorials::train_on_mnist("flatten,dense:256,relu,dense:128,relu,dense:10", data, 3);
  tutorials::promise_test_accuracy(run, "the MLP", evaluate(model, data.test).accuracy,
                                   run.choose(0.94, 0.88));
  const LabeledData images = slice(data.test, 0, 100);
  const Aopcs noise = flip_and_plot(model, images, false, folder + "noise.png");
  const Aopcs background = flip_and_plot(model, images, true, folder + "background.png");
  std::printf("figures written to %snoise.png and %sbackground.png\n", folder.c_str(),
              folder.c_str());

  // The two verdicts. With noise, the methods that mark the background beside the stroke beat
  // those that mark the stroke alone; with the background value, the other way round for
  // sensitivity; and under the background value every method beats the random order.
  const std::vector<std::string> background_markers{"sensitivity", "LRP epsilon-plus-zbox",
                                                    "deep Taylor"};
  const std::vector<std::string> stroke_only{"Taylor", "LRP alpha1-beta0"};
  const auto weakest_marker = weakest(noise, background_markers);
  double best_stroke = 0.0;
  for (const std::string& label : stroke_only) best_stroke = std::max(best_stroke, noise.at(label));
  run.promise(
      weakest_marker.second > best_stroke,
      tutorials::formatted("with noise, every method that marks the background beats "
                           "those that keep to the stroke (the weakest, %s, %.2f > %.2f)",
                           weakest_marker.first.c_str(), weakest_marker.second, best_stroke));
  const auto weakest_stroke = weakest(background, stroke_only);
  run.promise(weakest_stroke.second > background.at("sensitivity"),
              tutorials::formatted("with the background value, simple Taylor and LRP-a1b0 beat "
                                   "sensitivity (the weaker, %s, %.2f > %.2f)",
                                   weakest_stroke.first.c_str(), weakest_stroke.second,
                                   background.at("sensitivity")));
  const auto weakest_method = weakest(background, {"sensitivity", "Taylor", "LRP alpha1-beta0",
                                                   "LRP epsilon-plus-zbox", "deep Taylor"});
  run.promise(weakest_method.second > background.at("random order"),
              tutorials::formatted("with the background value, every method beats the random "
                                   "order (the weakest, %s, %.2f > %.2f)",
                                   weakest_method.first.c_str(), weakest_method.second,
                                   background.at("random order")));
}

}  // namespace

int main(int argc, char** argv) {
  return tutorials::run_tutorial(argc, argv, "09_pixel_flipping", lesson);
}
