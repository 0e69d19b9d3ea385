// Composites (explain/lrp/composite.hpp): layer selectors, first match wins, the named presets on
// the reference CNN, the errors for unknown names and uncovered layers, and the tables of rule,
// composite and method names.
//
// Shapes: the models take N×1×8×8 or N×1×28×28 images.
#include <doctest/doctest.h>

#include <algorithm>

#include "explain/lrp/composite.hpp"
#include "explain/lrp/lrp.hpp"
#include "explain/methods.hpp"
#include "framework/errors.hpp"
#include "framework/model_spec.hpp"
#include "gradient_check.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_composite {

using namespace glassbox;
using namespace glassbox::explain;
using glassbox::testing::random_tensor;

namespace {

// The reference CNN: 0 conv, 1 relu, 2 maxpool, 3 conv, 4 relu, 5 maxpool, 6 flatten, 7 dense,
// 8 relu, 9 dense.
Sequential reference_cnn() {
  return build_model(
      "conv:16:5:1:2,relu,maxpool:2,conv:32:5:1:2,relu,maxpool:2,flatten,dense:128,relu,dense:10",
      {1, 28, 28}, 1);
}

std::string rule_of(const Composite& composite, const Sequential& model, std::size_t layer) {
  const Rule* rule = composite.rule_for(model, layer);
  return rule ? rule_name(*rule) : "none";
}

}  // namespace

TEST_CASE("Layer selectors match by index, type, first layer with weights, or all with weights") {
  const Sequential model = reference_cnn();
  CHECK(LayerSelector::at(3).matches(model, 3));
  CHECK_FALSE(LayerSelector::at(3).matches(model, 0));
  CHECK(LayerSelector::of_type("Dense").matches(model, 7));
  CHECK(LayerSelector::of_type("Dense").matches(model, 9));
  CHECK_FALSE(LayerSelector::of_type("Dense").matches(model, 0));
  CHECK(LayerSelector::first_with_weights().matches(model, 0));
  CHECK_FALSE(LayerSelector::first_with_weights().matches(model, 3));
  CHECK(LayerSelector::with_weights().matches(model, 3));
  CHECK_FALSE(LayerSelector::with_weights().matches(model, 1));  // ReLU
  CHECK_FALSE(LayerSelector::with_weights().matches(model, 2));  // MaxPool2d
}

TEST_CASE("The first matching entry decides") {
  const Sequential model = reference_cnn();
  Composite composite{"mine", {}, {}};
  composite.add(LayerSelector::at(9), LrpZeroRule{})
      .add(LayerSelector::of_type("Dense"), EpsilonRule{0.5f})
      .add(LayerSelector::with_weights(), ZPlusRule{});
  CHECK(rule_of(composite, model, 9) == "lrp-0");
  CHECK(rule_of(composite, model, 7) == "epsilon(0.5)");
  CHECK(rule_of(composite, model, 0) == "z-plus");
  CHECK(rule_of(composite, model, 3) == "z-plus");
  CHECK(rule_of(composite, model, 1) == "none");
}

TEST_CASE("Named presets on the reference CNN") {
  const Sequential model = reference_cnn();
  const Composite box = make_composite("epsilon-plus-zbox");
  CHECK(rule_of(box, model, 0) == "z-box[0, 1]");
  CHECK(rule_of(box, model, 3) == "z-plus");
  CHECK(rule_of(box, model, 7) == "epsilon(0.25)");
  CHECK(rule_of(box, model, 9) == "epsilon(0.25)");
  RuleSettings symmetric;
  symmetric.low = -1.0f;
  CHECK(rule_of(make_composite("epsilon-plus-zbox", symmetric), model, 0) == "z-box[-1, 1]");
  CHECK(rule_of(make_composite("epsilon-gamma-zbox"), model, 3) == "gamma(0.25)");
  const Composite flat = make_composite("epsilon-plus-flat");  // Zennit's EpsilonPlusFlat
  CHECK(rule_of(flat, model, 0) == "flat");
  CHECK(rule_of(flat, model, 3) == "z-plus");
  CHECK(rule_of(flat, model, 7) == "epsilon(0.25)");
  CHECK(rule_of(flat, model, 9) == "epsilon(0.25)");
  for (const std::size_t layer : {0, 3, 7, 9}) {
    CHECK(rule_of(make_composite("lrp-0"), model, layer) == "lrp-0");
    CHECK(rule_of(make_composite("alpha1-beta0"), model, layer) == "alpha1-beta0");
    CHECK(rule_of(make_composite("alpha2-beta1"), model, layer) == "alpha2-beta1");
    CHECK(rule_of(make_composite("gamma"), model, layer) == "gamma(0.25)");
    CHECK(rule_of(make_composite("epsilon"), model, layer) == "epsilon(0.25)");
  }
  for (const auto& preset : composite_table())
    CHECK(make_composite(preset.name).name == preset.name);
}

TEST_CASE("Unknown preset names and layers without a rule are errors") {
  CHECK_THROWS_WITH_AS(make_composite("alpha1beta0"), doctest::Contains("alpha1-beta0"),
                       ArgumentError);
  Sequential model = build_model("flatten,dense:4,relu,dense:3", {1, 2, 2}, 1);
  Composite only_last{"only-last", {}, {}};
  only_last.add(LayerSelector::at(3), LrpZeroRule{});
  CHECK_THROWS_WITH_AS(lrp(model, random_tensor({2, 1, 2, 2}, 1), {}, only_last),
                       doctest::Contains("layer 1 (Dense)"), ArgumentError);
}

TEST_CASE("Average pooling without an entry uses LRP-0; an entry can override it") {
  Sequential model = build_model("avgpool:2,flatten,dense:2", {1, 4, 4}, 1);
  const Tensor x = random_tensor({1, 1, 4, 4}, 2, 0.1f, 1.0f);
  const LrpExplanation plain = lrp(model, x, {}, make_composite("lrp-0"));
  CHECK(plain.conservation.layers[0] == "AvgPool2d lrp-0");
  Composite flat_pool = make_composite("lrp-0");
  flat_pool.entries.insert(flat_pool.entries.begin(),
                           {LayerSelector::of_type("AvgPool2d"), FlatRule{}});
  LrpOptions keep;
  keep.keep_layer_relevances = true;
  const LrpExplanation flat = lrp(model, x, {}, flat_pool, keep);
  CHECK(flat.conservation.layers[0] == "AvgPool2d flat");
  // Flat in a 2×2 window: each input gets a quarter of its window's relevance.
  const Tensor& pooled = flat.layer_relevances[1];  // 1×1×2×2
  for (std::size_t u = 0; u < 4; ++u) {
    for (std::size_t v = 0; v < 4; ++v) {
      CHECK(flat.relevance(0, 0, u, v) == doctest::Approx(pooled(0, 0, u / 2, v / 2) / 4));
    }
  }
}

TEST_CASE("One table per kind of name: each name spelled once, described, and listed in errors") {
  for (const RuleEntry& entry : rule_table()) {
    INFO(entry.name);
    CHECK_FALSE(entry.description.empty());
    // rule_name spells the rule as its table does, with its parameters after the name.
    CHECK(rule_name(make_rule(entry.name)).rfind(entry.name, 0) == 0);
  }
  for (const CompositePreset& preset : composite_table()) CHECK_FALSE(preset.description.empty());
  for (const MethodEntry& method : method_table()) CHECK_FALSE(method.description.empty());
  CHECK(names_of(rule_table()) ==
        "lrp-0, epsilon, gamma, z-plus, alpha1-beta0, alpha2-beta1, z-box, w-square, flat");
  CHECK(names_of(method_table()) ==
        "sensitivity, taylor, lrp, deep-taylor, integrated-gradients, smoothgrad, "
        "smoothgrad-squared, occlusion, guided-backprop, deconvnet");
  CHECK_THROWS_WITH_AS(make_rule("zplus"), doctest::Contains("known: lrp-0, epsilon"),
                       ArgumentError);
  CHECK_THROWS_WITH_AS(make_composite("zbox"), doctest::Contains("epsilon-plus-zbox"),
                       ArgumentError);
  MethodChoice choice;
  choice.method = "lrp-0";
  Sequential model = build_model("flatten,dense:3", {1, 2, 2}, 1);
  CHECK_THROWS_WITH_AS(explain_with(model, random_tensor({1, 1, 2, 2}, 1), {}, choice),
                       doctest::Contains("known: sensitivity, taylor, lrp, deep-taylor"),
                       ArgumentError);
  // The help text: one line per entry, names in one column.
  const std::string help = descriptions_of(rule_table());
  CHECK(std::count(help.begin(), help.end(), '\n') == static_cast<long>(rule_table().size()));
  CHECK(help.find("  lrp-0          each input") == 0);
}

}  // namespace test_composite
