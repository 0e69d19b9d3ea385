// Whole-model LRP (explain/lrp/lrp.hpp): LRP-0 equals gradient × input on ReLU networks with
// max-pooling; every rule conserves relevance layer by layer on bias-free networks; the
// conservation table, the options, the targets, elementwise layers and errors.
//
// Shapes: the convolutional model takes N×1×8×8 images, the dense one N×1×4×4; logits N×3.
#include <doctest/doctest.h>

#include <cmath>

#include <xtensor/xmath.hpp>

#include "explain/gradient.hpp"
#include "explain/lrp/lrp.hpp"
#include "framework/errors.hpp"
#include "framework/model_spec.hpp"
#include "lrp_reference.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_lrp {

using namespace glassbox;
using namespace glassbox::explain;
using namespace glassbox::testing;

namespace {

const char* const conv_spec = "conv:4:3:1:1,relu,maxpool:2,flatten,dense:5,relu,dense:3";
const char* const dense_spec = "flatten,dense:12,relu,dense:8,relu,dense:3";

struct Network {
  const char* spec;
  Shape sample;
};
const Network networks[] = {{conv_spec, {1, 8, 8}}, {dense_spec, {1, 4, 4}}};
const Network wide_networks[] = {
    {"conv:8:3,relu,maxpool:2,flatten,dense:32,relu,dense:3", {2, 8, 8}},
    {"flatten,dense:32,relu,dense:24,relu,dense:3", {1, 4, 4}}};

// The spec's model with seeded weights and biases uniform in ±`bias_range` (0: bias-free).
Sequential model_with_biases(const Network& network, std::uint64_t seed, float bias_range) {
  Sequential model = build_model(network.spec, network.sample, seed);
  std::uint64_t stream = seed * 100;
  for (auto& parameter : model.parameters()) {
    if (parameter.name != "bias") continue;
    const Shape shape(parameter.value->shape().begin(), parameter.value->shape().end());
    *parameter.value = bias_range == 0.0f ? Tensor(xt::zeros<float>(shape))
                                          : random_tensor(shape, ++stream, -bias_range, bias_range);
  }
  return model;
}

Shape batch_of(std::size_t samples, const Shape& sample) {
  Shape shape{samples};
  shape.insert(shape.end(), sample.begin(), sample.end());
  return shape;
}

// A layer LRP has no treatment for.
class Square : public Layer {
 public:
  std::string type() const override { return "Square"; }
  const Tensor& forward(const Tensor& input) override {
    input_ = input;
    output_ = input * input;
    return output_;
  }
  const Tensor& backward(const Tensor& output_gradient) override {
    input_gradient_ = 2.0f * input_ * output_gradient;
    return input_gradient_;
  }
  Shape output_shape(const Shape& input_shape) const override { return input_shape; }
  nlohmann::json config() const override { return nlohmann::json::object(); }
};

}  // namespace

TEST_CASE("LRP-0 with biases equals gradient x input on ReLU networks with max-pooling") {
  for (const auto& network : networks) {
    for (const std::uint64_t seed : {1, 2, 3}) {
      INFO(std::string(network.spec) << ", seed " << seed);
      Sequential model = model_with_biases(network, seed, 0.3f);
      const Tensor x = random_tensor(batch_of(4, network.sample), seed + 10, -1.0f, 1.0f);
      const LrpExplanation explanation = lrp(model, x, {}, make_composite("lrp-0"));
      const LogitGradient gradient = logit_gradient(model, x, explanation.targets);
      const Tensor gradient_times_input = x * gradient.gradient;
      check_close(explanation.relevance,
                  std::vector<double>(gradient_times_input.begin(), gradient_times_input.end()));
    }
  }
}

TEST_CASE("Without biases and with epsilon = 0, every rule conserves relevance at every layer") {
  // Conservation needs every denominator away from 0 (docs/math/lrp.md, "Conservation"). The
  // explained logit is the predicted one and required to be > 0.05: without biases that means at
  // least one positive contribution, so z⁺ > 0 at the output, and every hidden neuron that gets
  // relevance is active (z > 0), so it has one too. αβ with β > 0 also needs a negative
  // contribution at each such neuron (else its negative part is empty and α·R_j − 0 ≠ R_j), hence
  // wider layers than above (a few active inputs could all have positive weights) and an unpadded
  // convolution over two channels (18 inputs per output, never the 4 of a padded corner).
  // Inputs in [0, 1], so that z⁺ and αβ see a ≥ 0 and zᴮ's bounds [0, 1] hold. zᴮ, w² and flat
  // are input-layer rules; the layers above use z⁺ with them.
  auto input_rule_then_z_plus = [](const char* name, Rule input_rule) {
    Composite composite{name, {}, {}};
    return composite.add(LayerSelector::first_with_weights(), std::move(input_rule))
        .add(LayerSelector::with_weights(), ZPlusRule{});
  };
  const Composite composites[] = {
      make_composite("lrp-0"),
      Composite{"z-plus", {{LayerSelector::with_weights(), ZPlusRule{}}}, {}},
      make_composite("alpha1-beta0"),
      make_composite("alpha2-beta1"),
      make_composite("gamma"),
      make_composite("epsilon"),  // ε overridden to 0 below: LRP-0
      input_rule_then_z_plus("z-box", ZBoxRule(0.0f, 1.0f)),
      input_rule_then_z_plus("w-square", WSquareRule{}),
      input_rule_then_z_plus("flat", FlatRule{}),
  };
  LrpOptions options;
  options.bias_takes_relevance = false;
  options.epsilon = 0.0f;
  for (const auto& network : wide_networks) {
    for (const std::uint64_t seed : {4, 5, 6}) {
      Sequential model = model_with_biases(network, seed, 0.0f);
      const Tensor x = random_tensor(batch_of(3, network.sample), seed + 20, 0.0f, 1.0f);
      for (const auto& composite : composites) {
        INFO(std::string(network.spec) << ", seed " << seed << ", " << composite.name);
        const LrpExplanation explanation = lrp(model, x, {}, composite, options);
        for (std::size_t n = 0; n < 3; ++n) {
          const double f = explanation.outputs[n];
          INFO("sample " << n << ", f(x) = " << f << "\n" << explanation.conservation.format(n));
          REQUIRE(f > 0.05);
          for (const double total : explanation.conservation.totals[n]) {
            CHECK(std::abs(total - f) <= 1e-4 * std::abs(f));
          }
        }
      }
    }
  }
}

TEST_CASE("The conservation table: sums per layer, f(x) at the top, what each layer absorbed") {
  Sequential model = model_with_biases(networks[0], 6, 0.3f);
  const Tensor x = random_tensor(batch_of(2, networks[0].sample), 7, 0.0f, 1.0f);
  LrpOptions options;
  options.keep_layer_relevances = true;
  const LrpExplanation explanation = lrp(model, x, {}, make_composite("lrp-0"), options);
  const auto& table = explanation.conservation;
  REQUIRE(table.layers.size() == model.size());
  CHECK(table.layers[0] == "Conv2d lrp-0");
  CHECK(table.layers[2] == "MaxPool2d winner-take-all");
  CHECK(table.layers[6] == "Dense lrp-0");
  REQUIRE(explanation.layer_relevances.size() == model.size() + 1);
  for (std::size_t n = 0; n < 2; ++n) {
    CHECK(table.totals[n][model.size()] == doctest::Approx(explanation.outputs[n]));
    double input_total = 0.0;
    for (std::size_t i = 0; i < 64; ++i) input_total += explanation.relevance.data()[n * 64 + i];
    CHECK(table.totals[n][0] == doctest::Approx(input_total));
    // ReLU, max-pooling (winner-take-all) and Flatten give on exactly what they get.
    for (const std::size_t l : {1, 2, 3, 5}) CHECK(table.absorbed(n, l) == 0.0);
    // With LRP-0 the top layer's z_c is f(x) itself, so its bias keeps b_c / f(x) · f(x) = b_c.
    const float bias = model.layer(6).parameters()[1].value->data()[explanation.targets[n]];
    CHECK(table.absorbed(n, 6) == doctest::Approx(bias).epsilon(1e-4));
  }
  for (std::size_t l = 0; l < model.size(); ++l) {
    CHECK(explanation.layer_relevances[l].shape() == model.layer(l).input().shape());
  }
  CHECK(explanation.layer_relevances[0] == explanation.relevance);
  CHECK(table.format(0).find("Conv2d lrp-0") != std::string::npos);
}

TEST_CASE("Options: an epsilon override of 0 turns LRP-epsilon into LRP-0") {
  Sequential model = model_with_biases(networks[1], 8, 0.3f);
  const Tensor x = random_tensor(batch_of(3, networks[1].sample), 9, -1.0f, 1.0f);
  LrpOptions options;
  options.epsilon = 0.0f;
  const Tensor epsilon = lrp(model, x, {}, make_composite("epsilon"), options).relevance;
  const Tensor zero = lrp(model, x, {}, make_composite("lrp-0")).relevance;
  check_close(epsilon, std::vector<double>(zero.begin(), zero.end()));
  // Without the override ε = 0.25 absorbs relevance: the results differ.
  const Tensor with_epsilon = lrp(model, x, {}, make_composite("epsilon")).relevance;
  CHECK(xt::amax(xt::abs(with_epsilon - zero))() > 1e-3f);
}

TEST_CASE("Targets: the predicted classes by default, or the ones asked for") {
  Sequential model = model_with_biases(networks[1], 10, 0.3f);
  const Tensor x = random_tensor(batch_of(3, networks[1].sample), 11, -1.0f, 1.0f);
  const Tensor logits = model.predict(x);
  const LrpExplanation predicted = lrp(model, x, {}, make_composite("lrp-0"));
  for (std::size_t n = 0; n < 3; ++n) {
    const auto c = static_cast<std::size_t>(predicted.targets[n]);
    for (std::size_t k = 0; k < 3; ++k) CHECK(logits(n, c) >= logits(n, k));
    CHECK(predicted.outputs[n] == logits(n, c));
  }
  const LrpExplanation chosen = lrp(model, x, {2, 0, 1}, make_composite("lrp-0"));
  CHECK(chosen.targets == Labels{2, 0, 1});
  CHECK(chosen.outputs[0] == logits(0, 2));
  CHECK_THROWS_AS(lrp(model, x, {0, 3, 1}, make_composite("lrp-0")), ArgumentError);
  CHECK_THROWS_AS(lrp(model, x, {0, 1}, make_composite("lrp-0")), ArgumentError);
}

TEST_CASE("Tanh, Sigmoid and Dropout pass relevance on unchanged; Dropout is switched off") {
  Sequential model =
      build_model("flatten,dense:6,tanh,dropout:0.5,dense:4,sigmoid,dense:3", {1, 2, 2}, 12);
  model.set_training(true);
  const Tensor x = random_tensor({3, 1, 2, 2}, 13);
  LrpOptions options;
  options.keep_layer_relevances = true;
  const LrpExplanation first = lrp(model, x, {}, make_composite("epsilon"), options);
  for (const std::size_t l : {2, 3, 5}) {
    INFO("layer " << l << " (" << model.layer(l).type() << ")");
    CHECK(first.layer_relevances[l] == first.layer_relevances[l + 1]);
  }
  model.set_training(true);
  const LrpExplanation second = lrp(model, x, {}, make_composite("epsilon"), options);
  CHECK(first.relevance == second.relevance);  // no dropout mask was drawn
}

TEST_CASE("A layer without a relevance treatment is an error naming it") {
  Sequential model({3});
  model.add(std::make_unique<Square>());
  Rng rng(1);
  model.add(std::make_unique<Dense>(3, 2, Initializer::he, rng));
  CHECK_THROWS_WITH_AS(lrp(model, random_tensor({2, 3}, 1), {}, make_composite("lrp-0")),
                       doctest::Contains("layer 0 (Square)"), ArgumentError);
}

}  // namespace test_lrp
