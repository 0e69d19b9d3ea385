// Tutorial 2: one network, many LRP rules. Train the reference CNN briefly, explain the same test
// digits with each rule and composite, and check conservation (tutorials/02_lrp_rules/README.md).
//
// Writes rules.png (a row per rule or composite) and prints, for the first digit, the sum of
// relevance at every layer under LRP-0 without biases (conserved) and under LRP-epsilon (absorbed).
#include <cstdio>
#include <iostream>

#include <xtensor/xview.hpp>

#include "explain/deep_taylor.hpp"
#include "explain/lrp/lrp.hpp"
#include "explain/render/heatmap.hpp"
#include "tutorials/common/tutorial_support.hpp"

using namespace glassbox;
using namespace glassbox::explain;

namespace {

Tensor picture(const Tensor& batch, std::size_t n) {
  return xt::view(batch, n, 0);
}

void lesson(const std::string& folder) {
  // Step 1: the reference CNN, one epoch on 20,000 digits (about 97.5%).
  const tutorials::Mnist data = tutorials::load_mnist_for_tutorial(20000);
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
}

}  // namespace

int main(int argc, char** argv) {
  return tutorials::run_tutorial(
      [&] { lesson(tutorials::output_folder(argc, argv, "02_lrp_rules")); });
}
