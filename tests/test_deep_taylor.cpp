// Deep Taylor decomposition (explain/deep_taylor.hpp, docs/math/explanations.md eqs. 5–8): the
// rule each layer gets from its input domain, and on a ReLU network with pixel inputs a
// relevance that is never negative and adds up to f(x).
//
// Shapes: the models take N×1×8×8 images or N×1×2×2 / N×1×4×4 inputs.
#include <doctest/doctest.h>

#include <xtensor/xmath.hpp>

#include "explain/deep_taylor.hpp"
#include "framework/layers/avg_pool2d.hpp"
#include "framework/model_spec.hpp"
#include "lrp_reference.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_deep_taylor {

using namespace glassbox;
using namespace glassbox::explain;
using namespace glassbox::testing;

namespace {

std::string rule_of(const Composite& composite, const Sequential& model, std::size_t layer) {
  const Rule* rule = composite.rule_for(model, layer);
  return rule ? rule_name(*rule) : "none";
}

}  // namespace

TEST_CASE("Deep Taylor rules follow each layer's input domain") {
  // 0 conv, 1 relu, 2 maxpool, 3 flatten, 4 dense, 5 relu, 6 dense
  const Sequential cnn =
      build_model("conv:4:3:1:1,relu,maxpool:2,flatten,dense:5,relu,dense:3", {1, 8, 8}, 1);
  const Composite pixels = deep_taylor_composite(cnn, InputDomain::pixels());
  CHECK(rule_of(pixels, cnn, 0) == "z-box[0, 1]");
  CHECK(rule_of(pixels, cnn, 4) == "z-plus");
  CHECK(rule_of(pixels, cnn, 6) == "z-plus");
  CHECK(rule_of(deep_taylor_composite(cnn, InputDomain::pixels(-1.0f, 1.0f)), cnn, 0) ==
        "z-box[-1, 1]");
  CHECK(rule_of(deep_taylor_composite(cnn, InputDomain::real()), cnn, 0) == "w-square");
  CHECK(rule_of(deep_taylor_composite(cnn, InputDomain::nonnegative()), cnn, 0) == "z-plus");

  // 0 flatten, 1 dense, 2 tanh, 3 dense, 4 sigmoid, 5 dense, 6 dense
  const Sequential mixed =
      build_model("flatten,dense:6,tanh,dense:4,sigmoid,dense:3,dense:2", {1, 2, 2}, 2);
  const Composite domains = deep_taylor_composite(mixed, InputDomain::real());
  CHECK(rule_of(domains, mixed, 1) == "w-square");
  CHECK(rule_of(domains, mixed, 3) == "z-box[-1, 1]");  // Tanh outputs
  CHECK(rule_of(domains, mixed, 5) == "z-box[0, 1]");   // Sigmoid outputs
  CHECK(rule_of(domains, mixed, 6) == "w-square");      // raw Dense outputs

  // Sum pooling of pixels in [0, 1] gives values in [0, 4] to the convolution after it.
  Sequential pooled({1, 4, 4});
  pooled.add(std::make_unique<AvgPool2d>(2, 0, true));
  Rng rng(3);
  Conv2dSettings settings;
  settings.in_channels = 1;
  settings.out_channels = 2;
  settings.kernel_height = settings.kernel_width = 2;
  pooled.add(std::make_unique<Conv2d>(settings, rng));
  const Composite sums = deep_taylor_composite(pooled, InputDomain::pixels());
  CHECK(rule_of(sums, pooled, 0) == "z-box[0, 1]");
  CHECK(rule_of(sums, pooled, 1) == "z-box[0, 4]");
}

TEST_CASE("Deep Taylor on a ReLU network with pixel inputs: R >= 0 everywhere and sum R = f(x)") {
  Sequential model =
      build_model("conv:4:3:1:1,relu,maxpool:2,flatten,dense:5,relu,dense:3", {1, 8, 8}, 4);
  const Tensor x = random_tensor({4, 1, 8, 8}, 5, 0.0f, 1.0f);
  LrpOptions options;
  options.bias_takes_relevance = false;  // the biases are 0 here anyway
  options.keep_layer_relevances = true;
  const LrpExplanation explanation = deep_taylor(model, x, {}, InputDomain::pixels(), options);
  for (std::size_t n = 0; n < 4; ++n) {
    const double f = explanation.outputs[n];
    INFO("sample " << n << "\n" << explanation.conservation.format(n));
    REQUIRE(f > 0.05);  // the predicted logit is positive here, so every R is too
    for (const double total : explanation.conservation.totals[n]) {
      CHECK(total == doctest::Approx(f).epsilon(1e-4));
    }
  }
  for (const auto& relevance : explanation.layer_relevances) {
    CHECK(xt::amin(relevance)() >= 0.0f);
  }
  const LrpExplanation same =
      lrp(model, x, {}, deep_taylor_composite(model, InputDomain::pixels()), options);
  CHECK(same.relevance == explanation.relevance);
}

}  // namespace test_deep_taylor
