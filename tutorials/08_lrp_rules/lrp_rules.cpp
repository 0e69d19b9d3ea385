// Tutorial 2: one network, many LRP rules. Train the reference CNN briefly, explain the same test
// digits with each rule and composite, and check conservation (tutorials/08_lrp_rules/README.md).
//
// Writes rules.png (a row per rule or composite) and prints, for the first digit, the sum of
// relevance at every layer under LRP-0 without biases (conserved) and under LRP-epsilon (absorbed).
// Then the first layer of a dense network: first_layer.png (zᴮ, flat, w² and α1β0 on the reference
// MLP's first layer), the share of positive relevance each puts on blank pixels, and how each
// does under pixel flipping.
#include <cmath>
#include <cstdio>
#include <iostream>

#include <xtensor/xview.hpp>

#include "explain/deep_taylor.hpp"
#include "explain/evaluation/pixel_flipping.hpp"
#include "explain/lrp/lrp.hpp"
#include "explain/render/heatmap.hpp"
#include "framework/errors.hpp"
#include "tutorials/common/tutorial_support.hpp"

using namespace glassbox;
using namespace glassbox::explain;

namespace {

Tensor picture(const Tensor& batch, std::size_t n) {
  return xt::view(batch, n, 0);
}

// Of the positive relevance of the batch, the fraction on pixels without ink (x = 0).
double blank_share(const Tensor& relevance, const Tensor& inputs) {
  double positive = 0.0, blank = 0.0;
  for (std::size_t i = 0; i < relevance.size(); ++i) {
    const float r = relevance.data()[i];
    positive += std::max(r, 0.0f);
    if (inputs.data()[i] == 0.0f) blank += std::max(r, 0.0f);
  }
  return blank / positive;
}

// Step 4: a dense first layer sees every pixel. The reference MLP explained with the default
// composite's rule above (ε on Dense) and four rules on the first layer: the maps, the share of
// positive relevance on blank pixels, and pixel flipping on 100 test digits (noise, background).
void first_layer(const std::string& folder, const tutorials::Mnist& data, const LabeledData& digits,
                 const std::vector<Tensor>& inputs) {
  Sequential mlp =
      tutorials::train_on_mnist("flatten,dense:256,relu,dense:128,relu,dense:10", data, 1);
  const Tensor hundred = xt::view(data.test.inputs, xt::range(0, 100));
  FlippingOptions noise, background;
  background.constant = true;
  const std::pair<const char*, Rule> first_rules[] = {{"z-box", ZBoxRule(0.0f, 1.0f)},
                                                      {"flat", FlatRule{}},
                                                      {"w-square", WSquareRule{}},
                                                      {"alpha1-beta0", AlphaBetaRule{1.0f, 0.0f}}};
  std::printf("first layer   blank share   AOPC noise   AOPC background\n");
  std::vector<render::GridRow> rows;
  Labels targets;
  for (const auto& [name, rule] : first_rules) {
    Composite composite{name, {}, {}};
    composite.add(LayerSelector::first_with_weights(), rule)
        .add(LayerSelector::with_weights(), EpsilonRule{0.25f});
    const LrpExplanation explanation = lrp(mlp, digits.inputs, {}, composite);
    render::GridRow row{name, {}};
    for (std::size_t n = 0; n < digits.size(); ++n) {
      row.relevances.push_back(picture(explanation.relevance, n));
    }
    rows.push_back(std::move(row));
    const double share = blank_share(explanation.relevance, digits.inputs);
    const LrpExplanation measured = lrp(mlp, hundred, {}, composite);
    targets = measured.targets;
    std::printf("%-13s %10.1f%% %12.2f %17.2f\n", name, 100.0 * share,
                pixel_flipping(mlp, hundred, measured.relevance, targets, noise).aopc,
                pixel_flipping(mlp, hundred, measured.relevance, targets, background).aopc);
    // The floors: α1β0 gives pixels without ink nothing (a_i = 0); zᴮ, flat and w² have no bias
    // term, so their layer passes on all it gets.
    const bool alpha_beta = std::holds_alternative<AlphaBetaRule>(rule);
    if (alpha_beta && share != 0.0) throw Error("alpha1-beta0 gave blank pixels relevance");
    for (std::size_t n = 0; !alpha_beta && n < digits.size(); ++n) {
      const double kept = explanation.conservation.absorbed(n, 1);  // layer 1: the first Dense
      if (std::abs(kept) > 1e-4 * std::abs(explanation.outputs[n])) {
        throw Error(std::string(name) + " on the first layer kept relevance");
      }
    }
  }
  const Tensor random = random_order(hundred, 2);
  std::printf("%-13s %11s %12.2f %17.2f\n", "random order", "",
              pixel_flipping(mlp, hundred, random, targets, noise).aopc,
              pixel_flipping(mlp, hundred, random, targets, background).aopc);
  render::write_grid_png(folder + "first_layer.png", inputs, rows);
  std::printf("figure written to %sfirst_layer.png\n", folder.c_str());
}

void lesson(const tutorials::TutorialRun& run) {
  const std::string& folder = run.folder();
  // Step 1: the reference CNN, one epoch on 20,000 digits (about 97.5%).
  const tutorials::Mnist data = tutorials::load_mnist_for_tutorial(run.choose(20000, 4000));
  Sequential model = tutorials::train_on_mnist(
      "conv:16:5:1:2,relu,maxpool:2,conv:32:5:1:2,relu,maxpool:2,flatten,dense:128,relu,dense:10",
      data, 1);
  const LabeledData digits = tutorials::one_per_digit(data.test, 8);

  // Step 2: the same digits under each rule, one row each.
  std::vector<Tensor> inputs;
  for (std::size_t n = 0; n < digits.size(); ++n) inputs.push_back(picture(digits.inputs, n));
  std::vector<render::GridRow> rows;
  auto add_row = [&](const std::string& label, const LrpExplanation& explanation) {
    render::GridRow row{label, {}};
    for (std::size_t n = 0; n < digits.size(); ++n) {
      row.relevances.push_back(picture(explanation.relevance, n));
    }
    rows.push_back(std::move(row));
  };
  for (const CompositePreset& preset : composite_table()) {
    add_row(preset.name, lrp(model, digits.inputs, {}, make_composite(preset.name)));
  }
  add_row("deep Taylor", deep_taylor(model, digits.inputs, {}, InputDomain::pixels(0.0f, 1.0f)));
  render::write_grid_png(folder + "rules.png", inputs, rows);

  // Step 3: conservation. Without biases and with epsilon = 0, every layer passes on all of f(x);
  // LRP-epsilon lets each layer keep some (the "absorbed" column).
  LrpOptions exact;
  exact.bias_takes_relevance = false;
  exact.epsilon = 0.0f;
  std::cout << "LRP-0 without biases, first digit:\n"
            << lrp(model, digits.inputs, {}, make_composite("lrp-0"), exact).conservation.format(0)
            << "\nLRP-epsilon(0.25) with biases, first digit:\n"
            << lrp(model, digits.inputs, {}, make_composite("epsilon")).conservation.format(0);
  std::printf("figure written to %srules.png\n", folder.c_str());

  first_layer(folder, data, digits, inputs);
}

}  // namespace

int main(int argc, char** argv) {
  return tutorials::run_tutorial(argc, argv, "08_lrp_rules", lesson);
}
