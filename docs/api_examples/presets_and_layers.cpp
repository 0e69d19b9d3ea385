// Build a model three ways: a named preset, a layer spec, or layer objects added one by one.
#include <cstdio>
#include <memory>

#include "framework/layers/dense.hpp"
#include "framework/layers/flatten.hpp"
#include "framework/layers/relu.hpp"
#include "framework/model_spec.hpp"
#include "framework/presets.hpp"
#include "framework/random.hpp"

int main() {
  using namespace glassbox;
  const Preset& cnn = find_preset("cnn");  // also: mlp, text-linear, text-svm, text-mlp, text-cnn
  Sequential from_preset = build_model(cnn.layers, {1, 28, 28}, /*seed=*/1);

  Sequential from_spec = build_model("conv:4:3:1:1,relu,maxpool:2,flatten,dense:10", {1, 8, 8}, 1);

  Rng rng(1);
  Sequential by_hand({1, 8, 8});
  by_hand.add(std::make_unique<Flatten>())
      .add(std::make_unique<Dense>(64, 16, Initializer::he, rng))
      .add(std::make_unique<ReLU>())
      .add(std::make_unique<Dense>(16, 10, Initializer::glorot, rng));

  std::printf("%s: %zu parameters\n%s", cnn.name.c_str(), from_preset.parameter_count(),
              by_hand.summary().c_str());
  return from_spec.output_shape() == Shape{10} && by_hand.output_shape() == Shape{10} ? 0 : 1;
}
