// Tutorial 1: why did the network say "7"? Train a small MLP on MNIST, then explain its decisions
// with sensitivity analysis, simple Taylor decomposition and LRP (tutorials/07_lrp_vs_other_methods/
// README.md walks through this file).
//
// Writes methods.png (the three methods on one test digit of each class) and prints the
// conservation table of LRP for the first digit.
#include <cstdio>
#include <iostream>

#include <xtensor/xview.hpp>

#include "explain/lrp/lrp.hpp"
#include "explain/render/heatmap.hpp"
#include "explain/sensitivity.hpp"
#include "explain/taylor.hpp"
#include "tutorials/common/tutorial_support.hpp"

using namespace glassbox;

namespace {

Tensor picture(const Tensor& batch, std::size_t n) {
  return xt::view(batch, n, 0);
}

void lesson(const tutorials::TutorialRun& run) {
  const std::string& folder = run.folder();
  // Step 1: a model worth explaining (about 95% test accuracy after 3 epochs on 20,000 digits).
  const tutorials::Mnist data = tutorials::load_mnist_for_tutorial(run.choose(20000, 4000));
  Sequential model =
      tutorials::train_on_mnist("flatten,dense:256,relu,dense:128,relu,dense:10", data, 3);

  // Step 2: one test digit of each class, explained for the class the model predicts.
  const LabeledData digits = tutorials::one_per_digit(data.test, 10);
  const explain::Explanation slope = explain::sensitivity(model, digits.inputs);
  const explain::Explanation taylor = explain::simple_taylor(model, digits.inputs);
  const explain::Composite alpha_beta = explain::make_composite("alpha1-beta0");
  const explain::LrpExplanation lrp = explain::lrp(model, digits.inputs, {}, alpha_beta);

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

  // Step 4: relevance is conserved layer by layer; what the biases take is shown per layer.
  std::cout << "LRP-alpha1-beta0, first digit:\n" << lrp.conservation.format(0);
  std::printf("figure written to %smethods.png\n", folder.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  return tutorials::run_tutorial(argc, argv, "07_lrp_vs_other_methods", lesson);
}
