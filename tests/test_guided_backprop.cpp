// Guided backprop and deconvnet (explain/guided_backprop.hpp, docs/math/explanations.md eqs.
// 14–15): on a 2-3-1 ReLU network worked out by hand, where the gradient, the deconvnet and guided
// backprop give three different maps; the plain rule is the gradient on a CNN; the model's
// parameter gradients are left alone.
//
// Shapes: inputs N×2 or N×1×6×6, logits N×K.
#include <doctest/doctest.h>

#include "explain/gradient.hpp"
#include "explain/guided_backprop.hpp"
#include "framework/layers/relu.hpp"
#include "framework/model_spec.hpp"
#include "lrp_reference.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_guided_backprop {

using namespace glassbox;
using namespace glassbox::explain;
using namespace glassbox::testing;

namespace {

// z = W^T x + b with x = (1, 1): z = (1, −0.5, 2), so units 1 and 3 are active and unit 2 is not;
// f = v · relu(z) with v = (−1, 2, 0.5). The signal reaching the ReLU from above is v.
Sequential hand_network() {
  Sequential model({2});
  model.add(
      dense_layer(rows({{1.0f, -1.0f, 1.0f}, {0.0f, 1.0f, 1.0f}}), values({0.0f, -0.5f, 0.0f})));
  model.add(std::make_unique<ReLU>());
  model.add(dense_layer(rows({{-1.0f}, {2.0f}, {0.5f}}), values({0.0f})));
  return model;
}

}  // namespace

TEST_CASE("Gradient, deconvnet and guided backprop differ as the hand computation says") {
  Sequential model = hand_network();
  const Tensor x = rows({{1.0f, 1.0f}});
  // Back through the ReLU, then x-signal_i = Σ_j W_ij · signal_j:
  //   gradient:   v · 1[z > 0]       = (−1, 0, 0.5) → (−1 + 0.5, 0 + 0.5)        = (−0.5, 0.5)
  //   deconvnet:  max(v, 0)          = (0, 2, 0.5)  → (−2 + 0.5, 2 + 0.5)         = (−1.5, 2.5)
  //   guided:     max(v, 0)·1[z > 0] = (0, 0, 0.5)  → (0.5, 0.5)
  const Tensor gradient = relu_rule_backward(model, x, ReluRule::gradient).relevance;
  const Tensor deconv = deconvnet(model, x).relevance;
  const Tensor guided = guided_backprop(model, x).relevance;
  check_close(gradient, {-0.5, 0.5});
  check_close(deconv, {-1.5, 2.5});
  check_close(guided, {0.5, 0.5});
  CHECK(guided_backprop(model, x).outputs[0] == doctest::Approx(-1.0f + 0.5f * 2.0f));
}

TEST_CASE("With the chain rule at the ReLUs the walk is the gradient, on a CNN too") {
  Sequential model =
      build_model("conv:3:3:1:1,relu,maxpool:2,flatten,dense:5,relu,dense:3", {1, 6, 6}, 8);
  const Tensor x = random_tensor({3, 1, 6, 6}, 9);
  const Tensor plain = relu_rule_backward(model, x, ReluRule::gradient).relevance;
  const Tensor gradient = logit_gradient(model, x).gradient;
  check_close(plain, std::vector<double>(gradient.begin(), gradient.end()));
  // Guided backprop passes less than the deconvnet: where both pass, they agree.
  const Tensor guided = guided_backprop(model, x).relevance;
  const Tensor deconv = deconvnet(model, x).relevance;
  CHECK(guided.shape() == x.shape());
  CHECK_FALSE(std::equal(guided.begin(), guided.end(), deconv.begin()));
}

TEST_CASE("Guided backprop leaves the accumulated parameter gradients as they were") {
  Sequential model = hand_network();
  for (auto& parameter : model.parameters()) parameter.gradient->fill(0.25f);
  guided_backprop(model, rows({{1.0f, 1.0f}, {-1.0f, 2.0f}}));
  for (auto& parameter : model.parameters()) {
    for (const float g : *parameter.gradient) CHECK(g == 0.25f);
  }
}

}  // namespace test_guided_backprop
