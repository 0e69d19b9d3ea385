// Tutorial 3: is an explanation right? Destroy the pixels it calls most relevant first and watch
// the logit fall (tutorials/09_pixel_flipping/README.md).
//
// Writes noise.png and background.png, the pixel-flipping curves of five methods and a random
// order with two kinds of replacement, and prints their AOPC.
#include <cstdio>

#include "explain/evaluation/pixel_flipping.hpp"
#include "explain/methods.hpp"
#include "explain/render/line_plot.hpp"
#include "tutorials/common/tutorial_support.hpp"

using namespace glassbox;
using namespace glassbox::explain;

namespace {

void flip_and_plot(Sequential& model, const LabeledData& images, bool constant,
                   const std::string& path) {
  FlippingOptions options;  // 2×2 regions, 4 per step, until all 196 are gone
  options.constant = constant;
  std::vector<render::Series> series;
  std::vector<double> x;
  Labels targets;
  auto add = [&](const std::string& label, const Tensor& relevance) {
    const FlippingCurve curve = pixel_flipping(model, images.inputs, relevance, targets, options);
    std::printf("  %-24s AOPC %6.2f\n", label.c_str(), curve.aopc);
    series.push_back({label, curve.mean_logit, render::series_color(series.size())});
    x = curve.regions_flipped;
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
}

void lesson(const tutorials::TutorialRun& run) {
  const std::string& folder = run.folder();
  const tutorials::Mnist data = tutorials::load_mnist_for_tutorial(run.choose(20000, 4000));
  Sequential model =
      tutorials::train_on_mnist("flatten,dense:256,relu,dense:128,relu,dense:10", data, 3);
  const LabeledData images = slice(data.test, 0, 100);
  flip_and_plot(model, images, false, folder + "noise.png");
  flip_and_plot(model, images, true, folder + "background.png");
  std::printf("figures written to %snoise.png and %sbackground.png\n", folder.c_str(),
              folder.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  return tutorials::run_tutorial(argc, argv, "09_pixel_flipping", lesson);
}
