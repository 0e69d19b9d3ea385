// Tutorial 8: one network, many LRP rules. Train the reference CNN briefly, explain the same test
// digits with each rule and composite, and check conservation (tutorials/08_lrp_rules/README.md).
//
// Writes rules.png (a row per rule or composite) and prints, for the first digit, the sum of
// relevance at every layer under LRP-0 without biases (conserved) and under the default composite
// (zᴮ passes on all it gets; the Dense layers' biases and ε keep some). Then the first layer of a
// dense network: first_layer.png (zᴮ, flat, w² and α1β0 on the reference MLP's first layer), the
// share of positive relevance each puts on blank pixels, and how each does under pixel flipping.
// Checks the page's promises (TutorialRun::promise): accuracy floors, conservation, the blank
// shares and the pixel-flipping ranking of zᴮ.
//
// Shapes: images N×1×28×28 in [0, 1]; relevance the same; 8 digits explained, 100 flipped.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>

#include <xtensor/xview.hpp>

#include "explain/deep_taylor.hpp"
#include "explain/evaluation/pixel_flipping.hpp"
#include "explain/lrp/lrp.hpp"
#include "explain/render/heatmap.hpp"
#include "framework/training/metrics.hpp"
#include "tutorials/common/promise_text.hpp"
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

// The largest |relevance kept| by layers [first, last) over the explained digits, as a fraction
// of f(x) (ConservationTable::absorbed).
double largest_kept(const LrpExplanation& explanation, std::size_t first, std::size_t last) {
  double largest = 0.0;
  for (std::size_t n = 0; n < explanation.outputs.size(); ++n) {
    for (std::size_t l = first; l < last; ++l) {
      largest = std::max(
          largest, std::abs(explanation.conservation.absorbed(n, l) / explanation.outputs[n]));
    }
  }
  return largest;
}

// Step 4: a dense first layer sees every pixel. The reference MLP explained with the default
// composite's rule above (ε on Dense) and four rules on the first layer: the maps, the share of
// positive relevance on blank pixels, and pixel flipping on 100 test digits (noise, background).
void first_layer(const tutorials::TutorialRun& run, const tutorials::Mnist& data,
                 const LabeledData& digits, const std::vector<Tensor>& inputs) {
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
  std::map<std::string, double> share, aopc_noise, aopc_background;
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
    share[name] = blank_share(explanation.relevance, digits.inputs);
    const LrpExplanation measured = lrp(mlp, hundred, {}, composite);
    targets = measured.targets;
    aopc_noise[name] = pixel_flipping(mlp, hundred, measured.relevance, targets, noise).aopc;
    aopc_background[name] =
        pixel_flipping(mlp, hundred, measured.relevance, targets, background).aopc;
    std::printf("%-13s %10.1f%% %12.2f %17.2f\n", name, 100.0 * share[name], aopc_noise[name],
                aopc_background[name]);
    // zᴮ, flat and w² have no bias term: their layer (layer 1, the first Dense) passes on all it
    // gets.
    if (!std::holds_alternative<AlphaBetaRule>(rule)) {
      const double kept = largest_kept(explanation, 1, 2);
      run.promise(kept <= 1e-5, tutorials::formatted("%s on the first layer passes on all it gets "
                                                     "(keeps at most %.1e of f(x))",
                                                     name, kept));
    }
  }
  const Tensor random = random_order(hundred, 2);
  const double random_noise = pixel_flipping(mlp, hundred, random, targets, noise).aopc;
  const double random_background = pixel_flipping(mlp, hundred, random, targets, background).aopc;
  std::printf("%-13s %11s %12.2f %17.2f\n", "random order", "", random_noise, random_background);
  render::write_grid_png(run.folder() + "first_layer.png", inputs, rows);
  std::printf("figure written to %sfirst_layer.png\n", run.folder().c_str());

  run.promise(share["alpha1-beta0"] == 0.0 && share["z-box"] >= 0.5,
              tutorials::formatted("alpha1-beta0 puts no relevance on blank pixels (%.1f%%), z-box "
                                   "at least half of it (%.1f%%)",
                                   100.0 * share["alpha1-beta0"], 100.0 * share["z-box"]));
  double best_other = 0.0;
  for (const char* other : {"flat", "w-square", "alpha1-beta0"}) {
    best_other = std::max(best_other, aopc_noise[other]);
  }
  run.promise(aopc_noise["z-box"] > best_other,
              tutorials::formatted("with noise, z-box has the largest AOPC of the four (%.2f, the "
                                   "next %.2f)",
                                   aopc_noise["z-box"], best_other));
  run.promise(aopc_noise["z-box"] > random_noise && aopc_background["z-box"] > random_background,
              tutorials::formatted("z-box beats the random order with noise (%.2f > %.2f) and "
                                   "with the background (%.2f > %.2f)",
                                   aopc_noise["z-box"], random_noise, aopc_background["z-box"],
                                   random_background));
}

void lesson(const tutorials::TutorialRun& run) {
  const std::string& folder = run.folder();
  // Step 1: the reference CNN, one epoch on 20,000 digits (about 97.5%).
  const tutorials::Mnist data = tutorials::load_mnist_for_tutorial(run.choose(20000, 4000));
  Sequential model = tutorials::train_on_mnist(
      "conv:16:5:1:2,relu,maxpool:2,conv:32:5:1:2,relu,maxpool:2,flatten,dense:128,relu,dense:10",
      data, 1);
  tutorials::promise_test_accuracy(run, "the CNN", evaluate(model, data.test).accuracy,
                                   run.choose(0.965, 0.85));
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
  std::printf("figure written to %srules.png\n", folder.c_str());

  // Step 3: conservation. Without biases and with epsilon = 0, every layer passes on all of f(x)
  // but the first convolution, which keeps what units on through their bias alone had. Under the
  // default composite zᴮ passes on all it gets; the layers above keep some (the "absorbed" column).
  LrpOptions exact;
  exact.bias_takes_relevance = false;
  exact.epsilon = 0.0f;
  const LrpExplanation conserved = lrp(model, digits.inputs, {}, make_composite("lrp-0"), exact);
  const LrpExplanation composite =
      lrp(model, digits.inputs, {}, make_composite("epsilon-plus-zbox"));
  std::cout << "LRP-0 without biases, first digit:\n"
            << conserved.conservation.format(0)
            << "\nepsilon-plus-zbox (the default), first digit:\n"
            << composite.conservation.format(0);
  const std::size_t layers = model.size();
  const double above = largest_kept(conserved, 1, layers), first = largest_kept(conserved, 0, 1);
  // The quick CNN has more units on by bias, and how many depends on the run: the first
  // convolution kept 3% of f(x) trained on two or four threads, 8% on one (summation order).
  const double first_floor = run.choose(0.02, 0.10);
  run.promise(above <= 1e-5 && first <= first_floor,
              tutorials::formatted("LRP-0 without biases: the layers above the first keep at most "
                                   "1e-5 of f(x) (%.1e), the first convolution at most %.0f%% "
                                   "(%.2f%%)",
                                   above, 100.0 * first_floor, 100.0 * first));
  const double box = largest_kept(composite, 0, 1);
  double smallest = 1.0, largest = 0.0;  // Σ R at the input / f(x)
  for (std::size_t n = 0; n < digits.size(); ++n) {
    const double ratio = composite.conservation.totals[n][0] / composite.outputs[n];
    smallest = std::min(smallest, ratio);
    largest = std::max(largest, ratio);
  }
  std::printf("epsilon-plus-zbox: sum R at the input / f(x) from %.3f to %.3f over %zu digits\n",
              smallest, largest, digits.size());
  run.promise(
      box <= 1e-5 && largest <= 1.0 + 1e-5,
      tutorials::formatted("the default composite: z-box keeps at most 1e-5 of f(x) (%.1e), "
                           "and the pixels get no more than f(x) (at most %.3f of it)",
                           box, largest));

  first_layer(run, data, digits, inputs);
}

}  // namespace

int main(int argc, char** argv) {
  return tutorials::run_tutorial(argc, argv, "08_lrp_rules", lesson);
}
