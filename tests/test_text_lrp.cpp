// Explaining a text CNN (explain/lrp/text_layers.hpp, explain/embedded_input.hpp): Conv1d against
// its equation written as loops, LRP-0 equal to gradient × embedded input, conservation through
// Embedding, Parallel and max over time, a one-branch Parallel equal to the plain layers, padding
// without relevance, deep Taylor's rules, and sensitivity against finite differences.
//
// Shapes: token ids N×T (T = 9 tokens, ids < 14), embeddings N×4×T, logits N×3.
#include <doctest/doctest.h>

#include <cmath>

#include "explain/deep_taylor.hpp"
#include "explain/embedded_input.hpp"
#include "explain/gradient.hpp"
#include "explain/lrp/lrp.hpp"
#include "explain/lrp/text_layers.hpp"
#include "explain/sensitivity.hpp"
#include "explain/taylor.hpp"
#include "framework/layers/parallel.hpp"
#include "framework/model_spec.hpp"
#include "lrp_reference.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_text_lrp {

using namespace glassbox;
using namespace glassbox::explain;
using namespace glassbox::testing;

namespace {

constexpr std::size_t kTokens = 9, kIds = 14;
const char* const text_cnn_spec =
    "embedding:14:4,parallel(conv1d:5:1,relu,maxovertime|conv1d:5:2,relu,maxovertime|"
    "conv1d:5:3,relu,maxovertime),dense:3";

// The spec's model with every bias set uniform in ±`bias_range` (0: bias-free).
Sequential text_model(const char* spec, std::uint64_t seed, float bias_range) {
  return model_with_biases(spec, {kTokens}, seed, bias_range);
}

// Random ids in [1, kIds), the last `padding` positions of each document 0 (padding).
Tensor token_ids(std::size_t documents, std::uint64_t seed, std::size_t padding = 2) {
  Rng rng(seed);
  std::uniform_int_distribution<int> id(1, static_cast<int>(kIds) - 1);
  Tensor ids = xt::zeros<float>({documents, kTokens});
  for (std::size_t n = 0; n < documents; ++n) {
    for (std::size_t t = 0; t + padding < kTokens; ++t) ids(n, t) = static_cast<float>(id(rng));
  }
  return ids;
}

}  // namespace

TEST_CASE(
    "Conv1d under LRP-epsilon equals the rule's equation evaluated connection by connection") {
  Rng rng(3);
  Conv1d layer(3, 4, 2, Initializer::he, rng);
  *layer.parameters()[1].value = random_tensor({4}, 5, -0.5f, 0.5f);
  const Tensor x = random_tensor({2, 3, 7}, 6, -1.0f, 1.0f);  // embeddings take either sign
  layer.forward(x);
  Tensor relevance = random_tensor({2, 4, 6}, 7, -1.0f, 1.0f);
  const auto connections = sequence_connections(2, 3, 7, 4, 2);
  const double epsilon = 0.1;
  auto contribution = [](std::size_t, double a, double w) { return a * w; };
  auto bias_term = [](double b) { return b; };
  const auto z = reference_denominators(connections, x, layer.weight(), layer.bias(),
                                        relevance.size(), contribution, bias_term, epsilon);
  CHECK(keep_well_conditioned(relevance, z) > relevance.size() / 2);
  const Tensor actual = conv1d_relevance(layer, relevance, EpsilonRule{0.1f}, true);
  CHECK(actual.shape() == x.shape());
  check_close(actual, reference_relevance(connections, x, layer.weight(), layer.bias(), relevance,
                                          contribution, bias_term, epsilon));
}

TEST_CASE("Max over time hands each feature map's relevance to its winning position") {
  Sequential model({2, 4});
  model.add(std::make_unique<MaxOverTime>());
  const Tensor x = rows({{0.1f, 0.7f, -0.2f, 0.3f}, {0.5f, 0.5f, 0.9f, -1.0f}});
  Tensor batch = x;
  batch.reshape({1, 2, 4});
  model.forward(batch);
  const auto& layer = dynamic_cast<const MaxOverTime&>(model.layer(0));
  const Tensor result = max_over_time_relevance(layer, rows({{2.0f, -3.0f}}));
  const std::vector<double> expected{0, 2, 0, 0, 0, 0, -3, 0};
  check_close(result, expected);
}

TEST_CASE("On a text CNN, LRP-0 with biases equals gradient x embedded input, summed per token") {
  for (const std::uint64_t seed : {1, 2, 3}) {
    INFO("seed " << seed);
    Sequential model = text_model(text_cnn_spec, seed, 0.3f);
    const Tensor ids = token_ids(4, seed + 10);
    const LrpExplanation explanation = lrp(model, ids, {}, make_composite("lrp-0"));
    const Explanation taylor = simple_taylor(model, ids, explanation.targets);
    CHECK(explanation.relevance.shape() == ids.shape());
    check_close(explanation.relevance,
                std::vector<double>(taylor.relevance.begin(), taylor.relevance.end()));
  }
}

TEST_CASE("Without biases and with epsilon = 0, text CNN relevance is conserved at every layer") {
  // LRP-0, and the deep Taylor rules: w² on the convolutions (they read real-valued embeddings),
  // z⁺ on the dense layer (it reads ReLU maxima ≥ 0); and flat on the convolutions.
  Composite flat_then_z_plus{"flat", {}, {}};
  flat_then_z_plus.add(LayerSelector::of_type("Conv1d"), FlatRule{})
      .add(LayerSelector::with_weights(), ZPlusRule{});
  LrpOptions options;
  options.bias_takes_relevance = false;
  options.epsilon = 0.0f;
  // Documents whose explained logit is not clearly positive are left out (without biases, z⁺ at
  // the output needs a positive contribution); at least 3 of 16 are kept.
  for (const std::uint64_t seed : {4, 5, 6}) {
    Sequential model = text_model(text_cnn_spec, seed, 0.0f);
    const Tensor ids = token_ids(16, seed + 20);
    const Composite composites[] = {make_composite("lrp-0"),
                                    deep_taylor_composite(model, InputDomain::real()),
                                    flat_then_z_plus};
    for (const auto& composite : composites) {
      INFO("seed " << seed << ", " << composite.name);
      const LrpExplanation explanation = lrp(model, ids, {}, composite, options);
      std::size_t checked = 0;
      for (std::size_t n = 0; n < 16; ++n) {
        const double f = explanation.outputs[n];
        if (f <= 0.05) continue;
        ++checked;
        INFO("document " << n << "\n" << explanation.conservation.format(n));
        for (const double total : explanation.conservation.totals[n]) {
          CHECK(std::abs(total - f) <= 1e-4 * std::abs(f));
        }
        CHECK(std::abs(sample_sum(explanation.relevance, n) - f) <= 1e-4 * std::abs(f));
      }
      CHECK(checked >= 3);
    }
  }
}

TEST_CASE("A one-branch Parallel gives the relevance of the same layers without it") {
  const char* const branched = "embedding:14:4,parallel(conv1d:5:2,relu,maxovertime),dense:3";
  const char* const plain = "embedding:14:4,conv1d:5:2,relu,maxovertime,dense:3";
  Sequential model = text_model(branched, 7, 0.3f);
  Sequential same = text_model(plain, 8, 0.0f);
  auto from = model.parameters();
  auto to = same.parameters();
  REQUIRE(from.size() == to.size());
  for (std::size_t p = 0; p < from.size(); ++p) *to[p].value = *from[p].value;
  const Tensor ids = token_ids(3, 9);
  const Composite composite = make_composite("epsilon");
  const LrpExplanation expected = lrp(same, ids, {}, composite);
  const LrpExplanation actual = lrp(model, ids, {}, composite);
  check_close(actual.relevance,
              std::vector<double>(expected.relevance.begin(), expected.relevance.end()));
}

TEST_CASE("Padding tokens get no relevance from LRP or Taylor, and the relevance is per token") {
  Sequential model = text_model(text_cnn_spec, 11, 0.3f);
  const Tensor ids = token_ids(2, 12, 3);
  const LrpExplanation explanation = lrp(model, ids, {}, make_composite("epsilon"));
  const Explanation taylor = simple_taylor(model, ids);
  for (std::size_t n = 0; n < 2; ++n) {
    for (std::size_t t = kTokens - 3; t < kTokens; ++t) {
      CHECK(explanation.relevance(n, t) == 0.0f);
      CHECK(taylor.relevance(n, t) == 0.0f);
    }
  }
  double nonzero = 0.0;
  for (const float r : explanation.relevance) nonzero += std::abs(r);
  CHECK(nonzero > 0.0);
}

TEST_CASE("Deep Taylor on a text CNN: w-square inside the branches, z-plus on the dense layer") {
  Sequential model = text_model(text_cnn_spec, 13, 0.3f);
  const Composite composite = deep_taylor_composite(model, InputDomain::pixels());
  REQUIRE(composite.branch_composites.size() == 1);
  CHECK(composite.branch_composites[0].layer == 1);
  const auto& parallel = dynamic_cast<const Parallel&>(model.layer(1));
  for (std::size_t b = 0; b < parallel.branch_count(); ++b) {
    const Composite inside = composite.for_branch(model, 1, b);
    const Rule* rule = inside.rule_for(parallel.branch(b), 0);
    REQUIRE(rule != nullptr);
    CHECK(std::holds_alternative<WSquareRule>(*rule));
  }
  const Rule* top = composite.rule_for(model, 2);
  REQUIRE(top != nullptr);
  CHECK(std::holds_alternative<ZPlusRule>(*top));
}

TEST_CASE("On a text CNN the first layers with weights are the convolutions, not the dense layer") {
  // 0 embedding, 1 parallel (three branches: conv1d, relu, max over time), 2 dense
  Sequential model = text_model(text_cnn_spec, 14, 0.3f);
  Composite composite{"mine", {}, {}};
  composite.add(LayerSelector::first_with_weights(), FlatRule{})
      .add(LayerSelector::with_weights(), ZPlusRule{});
  const Rule* top = composite.rule_for(model, 2);
  REQUIRE(top != nullptr);
  CHECK(std::holds_alternative<ZPlusRule>(*top));
  const auto& parallel = dynamic_cast<const Parallel&>(model.layer(1));
  for (std::size_t b = 0; b < parallel.branch_count(); ++b) {
    const Composite inside = composite.for_branch(model, 1, b);
    const Rule* rule = inside.rule_for(parallel.branch(b), 0);
    REQUIRE(rule != nullptr);
    CHECK(std::holds_alternative<FlatRule>(*rule));
  }
}

TEST_CASE("A composite read inside a branch drops the entries that name the model's positions") {
  Sequential model = text_model(text_cnn_spec, 14, 0.3f);
  Composite composite{"mine", {}, {}};
  composite.add(LayerSelector::at(0), FlatRule{}).add(LayerSelector::with_weights(), ZPlusRule{});
  const auto& parallel = dynamic_cast<const Parallel&>(model.layer(1));
  const Composite inside = composite.for_branch(model, 1, 0);  // rule_for points into it
  const Rule* rule = inside.rule_for(parallel.branch(0), 0);
  REQUIRE(rule != nullptr);
  CHECK(std::holds_alternative<ZPlusRule>(*rule));
}

TEST_CASE("Text sensitivity: the squared gradient with respect to each token's embedding") {
  // Every position gets its own id, so moving table row id_t moves exactly y[.][t]: a central
  // difference on the table is the derivative with respect to the embedded vector at t.
  Sequential model = text_model(text_cnn_spec, 15, 0.3f);
  Tensor ids = xt::zeros<float>({std::size_t{1}, kTokens});
  for (std::size_t t = 0; t < kTokens; ++t) ids(0, t) = static_cast<float>(t + 2);
  const Explanation explanation = sensitivity(model, ids);
  const auto c = static_cast<std::size_t>(explanation.targets[0]);
  Tensor& table = *model.parameters()[0].value;
  const float h = 1e-3f;
  for (std::size_t t = 0; t < kTokens; ++t) {
    double squared = 0.0;
    for (std::size_t e = 0; e < table.shape(1); ++e) {
      float& entry = table(t + 2, e);
      const float kept = entry;
      entry = kept + h;
      const double up = model.forward(ids)(0, c);
      entry = kept - h;
      const double down = model.forward(ids)(0, c);
      entry = kept;
      const double slope = (up - down) / (2.0 * h);
      squared += slope * slope;
    }
    INFO("token " << t);
    CHECK(explanation.relevance(0, t) == doctest::Approx(squared).epsilon(2e-2));
  }
}

TEST_CASE("The general Taylor decomposition refuses token ids, which have no root point") {
  Sequential model = text_model(text_cnn_spec, 16, 0.3f);
  const Tensor ids = token_ids(1, 17);
  CHECK_THROWS_WITH_AS(taylor_decomposition(model, ids, ids), doctest::Contains("root point"),
                       ArgumentError);
}

}  // namespace test_text_lrp
