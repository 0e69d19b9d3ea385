// Evaluate explanations: pixel flipping against a random order, compared by AOPC.
#include <cstdio>

#include "docs/api_examples/toy_digits.hpp"
#include "explain/evaluation/pixel_flipping.hpp"
#include "explain/methods.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/sgd.hpp"
#include "framework/training/trainer.hpp"

int main() {
  using namespace glassbox;
  Sequential model = build_model("flatten,dense:32,relu,dense:2", {1, 8, 8}, /*seed=*/4);
  Sgd sgd({0.05f, 0.9f});
  TrainingSettings quiet;
  quiet.epochs = 3;
  quiet.progress = false;
  train_classifier(model, sgd, toy::bars(400, 1), nullptr, quiet);

  const LabeledData test = toy::bars(20, 9);
  const explain::LrpExplanation lrp = explain::explain_with(model, test.inputs, {}, {});
  explain::FlippingOptions options;  // 2×2 patches, 4 per step, noise in [0, 1]
  options.steps = 4;
  const explain::FlippingCurve by_lrp =
      explain::pixel_flipping(model, test.inputs, lrp.relevance, lrp.targets, options);
  const explain::FlippingCurve by_chance = explain::pixel_flipping(
      model, test.inputs, explain::random_order(test.inputs, 1), lrp.targets, options);
  std::printf("AOPC: LRP %.3f, random %.3f; still predicted after %g regions: %.2f\n", by_lrp.aopc,
              by_chance.aopc, by_lrp.regions_flipped.back(), by_lrp.still_predicted.back());
  return by_lrp.aopc > by_chance.aopc ? 0 : 1;
}
