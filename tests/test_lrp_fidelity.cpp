// LRP as docs/math/lrp.md writes it (issue 12): every rule of rule_table, every composite of
// composite_table and deep Taylor, on small *trained* models with biases (an MLP and a CNN on
// generated 8×8 images with blank backgrounds, and a text CNN on generated documents), against the
// float64 reference of lrp_fidelity_reference.hpp, within 1e-5 of the largest |R| of each sample.
// Also: LRP-0 equals gradient × input in float32 on batches of 1, 5 and 100; and the conservation
// table of biased layers states what each layer absorbed or created.
//
// Shapes: images N×1×8×8 in [0, 1]; documents N×9 token ids; logits N×3.
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <map>
#include <random>

#include "explain/deep_taylor.hpp"
#include "explain/gradient.hpp"
#include "explain/lrp/lrp.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/sgd.hpp"
#include "framework/training/trainer.hpp"
#include "lrp_fidelity_reference.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_lrp_fidelity {

using namespace glassbox;
using namespace glassbox::explain;
namespace reference = glassbox::fidelity;

namespace {

constexpr std::size_t kSide = 8, kTokens = 9;

// Three classes of side×side images on a blank (0) background: a horizontal bar, a vertical bar
// or a diagonal, of length side/2 − 1 to side/2 + 1 at a random place, with ink in [0.3, 1].
LabeledData bar_images(std::size_t count, std::uint64_t seed, std::size_t side = kSide) {
  std::mt19937 rng(static_cast<std::uint32_t>(seed));
  const int half = static_cast<int>(side / 2);
  std::uniform_int_distribution<int> place(0, half - 2), length(half - 1, half + 1), kind(0, 2);
  std::uniform_real_distribution<float> ink(0.3f, 1.0f);
  LabeledData data;
  data.inputs = xt::zeros<float>({count, std::size_t{1}, side, side});
  data.class_names = {"horizontal", "vertical", "diagonal"};
  for (std::size_t n = 0; n < count; ++n) {
    const int label = kind(rng), row = place(rng), column = place(rng), size = length(rng);
    for (int k = 0; k < size; ++k) {
      const int y = label == 1 ? row + k : row + (label == 2 ? k : 1);
      const int x = label == 0 ? column + k : column + (label == 2 ? k : 1);
      data.inputs(n, 0, y, x) = ink(rng);
    }
    data.labels.push_back(label);
  }
  return data;
}

// Ten classes of 28×28 "digits": each class three strokes (segments two pixels wide, drawn once
// from the class), shifted by up to 2 pixels and inked in [0.5, 1] per sample.
LabeledData stroke_images(std::size_t count, std::uint64_t seed) {
  constexpr int side = 28;
  std::mt19937 shapes(7);
  std::uniform_int_distribution<int> point(5, side - 6);
  std::vector<std::array<int, 12>> strokes(10);  // per class: three (y0, x0, y1, x1)
  for (auto& s : strokes) {
    for (int& v : s) v = point(shapes);
  }
  std::mt19937 rng(static_cast<std::uint32_t>(seed));
  std::uniform_int_distribution<int> shift(-2, 2), kind(0, 9);
  std::uniform_real_distribution<float> ink(0.5f, 1.0f);
  LabeledData data;
  data.inputs = xt::zeros<float>({count, std::size_t{1}, std::size_t{side}, std::size_t{side}});
  for (int k = 0; k < 10; ++k) data.class_names.push_back(std::to_string(k));
  for (std::size_t n = 0; n < count; ++n) {
    const int label = kind(rng), dy = shift(rng), dx = shift(rng);
    const float value = ink(rng);
    for (int s = 0; s < 3; ++s) {
      const auto& p = strokes[label];
      for (int t = 0; t <= 20; ++t) {
        const int y = dy + p[4 * s] + (p[4 * s + 2] - p[4 * s]) * t / 20;
        const int x = dx + p[4 * s + 1] + (p[4 * s + 3] - p[4 * s + 1]) * t / 20;
        for (int u = 0; u < 2; ++u) {
          for (int v = 0; v < 2; ++v) data.inputs(n, 0, y + u, x + v) = value;
        }
      }
    }
    data.labels.push_back(label);
  }
  return data;
}

// Documents of kTokens ids in [1, 14), class c marked by the id c + 1 somewhere among ids in
// [4, 14), the last 0–2 positions padding (0).
LabeledData marked_documents(std::size_t count, std::uint64_t seed) {
  std::mt19937 rng(static_cast<std::uint32_t>(seed));
  std::uniform_int_distribution<int> filler(4, 13), kind(0, 2), padding(0, 2);
  LabeledData data;
  data.inputs = xt::zeros<float>({count, kTokens});
  data.class_names = {"a", "b", "c"};
  for (std::size_t n = 0; n < count; ++n) {
    const int label = kind(rng);
    const auto used = kTokens - static_cast<std::size_t>(padding(rng));
    for (std::size_t t = 0; t < used; ++t) data.inputs(n, t) = static_cast<float>(filler(rng));
    data.inputs(n, std::uniform_int_distribution<std::size_t>(0, used - 1)(rng)) =
        static_cast<float>(label + 1);
    data.labels.push_back(label);
  }
  return data;
}

Sequential trained(const char* spec, const Shape& sample, const LabeledData& data, int epochs = 4) {
  Sequential model = build_model(spec, sample, /*seed=*/3);
  Sgd optimizer(SgdSettings{0.05f, 0.9f, false, 0.0f});
  TrainingSettings settings;
  settings.epochs = epochs;
  settings.batch_size = 16;
  settings.progress = false;
  train_classifier(model, optimizer, data, nullptr, settings);
  return model;
}

struct TrainedModel {
  const char* name;
  Sequential model;
  Tensor inputs;  // a test batch
  bool images;    // pixels in [0, 1] (else token ids)
};

// The three models, trained once for every test case.
std::vector<TrainedModel>& models() {
  static std::vector<TrainedModel> trained_models = [] {
    const Shape image{1, kSide, kSide};
    const LabeledData images = bar_images(600, 1), documents = marked_documents(600, 2);
    std::vector<TrainedModel> list;
    list.push_back({"MLP", trained("flatten,dense:24,relu,dense:16,relu,dense:3", image, images),
                    bar_images(12, 11).inputs, true});
    list.push_back({"CNN",
                    trained("conv:4:3:1:1,relu,maxpool:2,conv:6:3:1:1,relu,maxpool:2,flatten,"
                            "dense:12,relu,dense:3",
                            image, images),
                    bar_images(12, 12).inputs, true});
    list.push_back({"text CNN",
                    trained("embedding:14:4,parallel(conv1d:5:1,relu,maxovertime|conv1d:5:2,relu,"
                            "maxovertime|conv1d:5:3,relu,maxovertime),dense:3",
                            {kTokens}, documents),
                    marked_documents(12, 13).inputs, false});
    return list;
  }();
  return trained_models;
}

// The rule every name of rule_table stands for, as the reference writes it (RuleSettings'
// defaults).
reference::ReferenceRule reference_rule(const std::string& name) {
  static const std::map<std::string, reference::ReferenceRule> rules = {
      {"lrp-0", reference::lrp_0_rule()},
      {"epsilon", reference::epsilon_rule(0.25)},
      {"gamma", reference::gamma_rule(0.25)},
      {"z-plus", reference::z_plus_rule()},
      {"alpha1-beta0", reference::alpha_beta_rule(1.0, 0.0)},
      {"alpha2-beta1", reference::alpha_beta_rule(2.0, 1.0)},
      {"z-box", reference::z_box_rule(0.0, 1.0)},
      {"w-square", reference::w_square_rule()},
      {"flat", reference::flat_rule()},
  };
  const auto found = rules.find(name);
  if (found == rules.end()) FAIL("no reference for the rule " << name);
  return found->second;
}

// The rules of the layers with weights, in forward order, that each preset of composite_table
// gives each model, written out by hand from docs/math/lrp.md "Composites" (empty: the preset does
// not fit the model).
std::vector<reference::ReferenceRule> preset_rules(const std::string& preset,
                                                   const std::string& model) {
  using namespace reference;
  const bool mlp = model == "MLP", cnn = model == "CNN";
  const std::size_t layers = mlp ? 3 : 4;
  for (const char* everywhere : {"lrp-0", "epsilon", "gamma", "alpha1-beta0", "alpha2-beta1"}) {
    if (preset == everywhere) return std::vector<ReferenceRule>(layers, reference_rule(preset));
  }
  if (preset == "epsilon-plus-zbox" || preset == "epsilon-gamma-zbox") {
    if (mlp) return {z_box_rule(0, 1), epsilon_rule(0.25), epsilon_rule(0.25)};
    const ReferenceRule convolution =
        preset == "epsilon-plus-zbox" ? z_plus_rule() : gamma_rule(0.25);
    if (cnn) return {z_box_rule(0, 1), convolution, epsilon_rule(0.25), epsilon_rule(0.25)};
    return {};  // zᴮ's pixel bounds do not hold for embeddings
  }
  if (preset == "epsilon-plus-flat") {
    if (mlp) return {flat_rule(), epsilon_rule(0.25), epsilon_rule(0.25)};
    if (cnn) return {flat_rule(), z_plus_rule(), epsilon_rule(0.25), epsilon_rule(0.25)};
    // The text CNN: flat on the first Conv1d of each of its three branches, ε on the Dense layer.
    return {flat_rule(), flat_rule(), flat_rule(), epsilon_rule(0.25)};
  }
  FAIL("no reference rules for the composite " << preset);
  return {};
}

// Deep Taylor's rules from the input domains (docs/math/explanations.md eqs. 6–8).
std::vector<reference::ReferenceRule> deep_taylor_rules(const std::string& model) {
  using namespace reference;
  if (model == "MLP") return {z_box_rule(0, 1), z_plus_rule(), z_plus_rule()};
  if (model == "CNN") return {z_box_rule(0, 1), z_plus_rule(), z_plus_rule(), z_plus_rule()};
  return {w_square_rule(), w_square_rule(), w_square_rule(),
          z_plus_rule()};  // embeddings unbounded, maxima ≥ 0
}

struct Case {
  std::string name;
  Composite composite;
  std::vector<reference::ReferenceRule> rules;
};

// Every rule alone (on every layer, and on the first layer with ε above), every preset, deep
// Taylor.
std::vector<Case> cases_for(const TrainedModel& trained) {
  const std::string model = trained.name;
  const std::size_t layers = model == "MLP" ? 3 : 4;
  std::vector<Case> cases;
  for (const RuleEntry& entry : rule_table()) {
    const auto rule = reference_rule(entry.name);
    if (entry.name == "z-box" && !trained.images) continue;  // no box holds embeddings
    if (entry.name != "z-box") {  // ReLU outputs exceed zᴮ's bounds above the first layer
      Composite everywhere{entry.name, {}, {}};
      everywhere.add(LayerSelector::with_weights(), make_rule(entry.name));
      cases.push_back({entry.name + " everywhere", everywhere,
                       std::vector<reference::ReferenceRule>(layers, rule)});
    }
    Composite first{entry.name + " first", {}, {}};
    first.add(LayerSelector::first_with_weights(), make_rule(entry.name))
        .add(LayerSelector::with_weights(), EpsilonRule{0.25f});
    std::vector<reference::ReferenceRule> rules(layers, reference::epsilon_rule(0.25));
    // The text CNN's first layer with weights is the first of each branch: its three Conv1d.
    for (std::size_t l = 0; l < (trained.images ? 1 : 3); ++l) rules[l] = rule;
    cases.push_back({entry.name + " first", first, rules});
  }
  for (const CompositePreset& preset : composite_table()) {
    auto rules = preset_rules(preset.name, model);
    if (!rules.empty()) cases.push_back({preset.name, make_composite(preset.name), rules});
  }
  cases.push_back({"deep Taylor", deep_taylor_composite(trained.model, InputDomain::pixels()),
                   deep_taylor_rules(model)});
  return cases;
}

// Rules whose shares stay bounded when biases take no relevance. LRP-0 and γ divide by
// Σ_i a_i ρ(w_ij) alone, which in a trained network with biases can be near 0 while the unit is
// active: the shares blow up and float rounding with them, in any implementation.
bool conditioned_without_biases(const std::vector<reference::ReferenceRule>& rules) {
  for (const auto& rule : rules) {
    using Kind = reference::ReferenceRule::Kind;
    if (rule.kind == Kind::lrp_0 || rule.kind == Kind::gamma) return false;
  }
  return true;
}

// max_i |actual_i − expected_i| over max_i |expected_i|, sample by sample: the worst.
double worst_relative_error(const Tensor& actual, const std::vector<double>& expected) {
  REQUIRE(actual.size() == expected.size());
  const std::size_t samples = actual.shape(0), per = actual.size() / samples;
  double worst = 0.0;
  for (std::size_t n = 0; n < samples; ++n) {
    double largest = 0.0, difference = 0.0;
    for (std::size_t i = n * per; i < (n + 1) * per; ++i) {
      largest = std::max(largest, std::abs(expected[i]));
      difference = std::max(difference, std::abs(actual.data()[i] - expected[i]));
    }
    if (largest > 0.0) worst = std::max(worst, difference / largest);
  }
  return worst;
}

}  // namespace

TEST_CASE("The tiny models learned their generated tasks") {
  for (TrainedModel& trained : models()) {
    INFO(std::string(trained.name));
    const LabeledData test = trained.images ? bar_images(200, 7) : marked_documents(200, 8);
    const Tensor logits = trained.model.predict(test.inputs);
    std::size_t correct = 0;
    const Labels predicted = choose_targets(logits, {});
    for (std::size_t n = 0; n < test.size(); ++n) correct += predicted[n] == test.labels[n];
    CHECK(correct >= 160);  // chance is 67 of 200
  }
}

TEST_CASE("Every rule, composite and deep Taylor equals the float64 reference on trained models") {
  for (TrainedModel& trained : models()) {
    for (const Case& c : cases_for(trained)) {
      for (const bool biases : {true, false}) {
        if (!biases && !conditioned_without_biases(c.rules)) continue;
        for (const bool proportional : {false, true}) {
          if (proportional && std::string(trained.name) != "CNN") continue;
          INFO(std::string(trained.name) << ", " << c.name << (biases ? "" : ", biases take none")
                                         << (proportional ? ", proportional max-pooling" : ""));
          LrpOptions options;
          options.bias_takes_relevance = biases;
          options.max_pool =
              proportional ? MaxPoolMode::proportional : MaxPoolMode::winner_take_all;
          const LrpExplanation actual =
              lrp(trained.model, trained.inputs, {}, c.composite, options);
          const auto expected = reference::reference_lrp(
              trained.model, trained.inputs, actual.targets, c.rules, {biases, proportional});
          for (std::size_t n = 0; n < actual.outputs.size(); ++n) {
            CHECK(actual.outputs[n] == doctest::Approx(expected.outputs[n]).epsilon(1e-6));
          }
          const double error = worst_relative_error(actual.relevance, expected.relevance);
          INFO("largest difference / largest |R|: " << error);
          CHECK(error <= 1e-5);
        }
      }
    }
  }
}

TEST_CASE("LRP-0 equals gradient x input in float32 on batches of 1, 5 and 100") {
  // Exactly so in exact arithmetic (docs/math/lrp.md eq. 4). In float32 LRP-0 divides by the z the
  // forward pass computed, so only the rounding of R_j / z_j and of the products is left. The
  // reference MLP and CNN on 28×28 images, one epoch on generated bars: large layers, and blank
  // pixels and inactive units enough for Dense's sparse path, whose sums are rounded differently.
  const Shape image{1, 28, 28};
  const LabeledData training = stroke_images(1000, 30);
  for (const char* spec :
       {"flatten,dense:256,relu,dense:128,relu,dense:10",
        "conv:16:5:1:2,relu,maxpool:2,conv:32:5:1:2,relu,maxpool:2,flatten,dense:128,relu,"
        "dense:10"}) {
    Sequential model = trained(spec, image, training, 1);
    for (const std::size_t batch : {1, 5, 100}) {
      INFO(spec << ", batch of " << batch);
      const Tensor inputs = stroke_images(batch, 40 + batch).inputs;
      const LrpExplanation explanation = lrp(model, inputs, {}, make_composite("lrp-0"));
      const LogitGradient gradient = logit_gradient(model, inputs, explanation.targets);
      const Tensor gradient_times_input = inputs * gradient.gradient;
      const double error = worst_relative_error(
          explanation.relevance,
          std::vector<double>(gradient_times_input.begin(), gradient_times_input.end()));
      INFO("largest difference / largest |R|: " << error);
      CHECK(error <= 1e-6);
    }
  }
}

TEST_CASE("With biased layers the conservation table states what each layer absorbed") {
  // The totals of the table against the reference's, layer by layer, and what can keep relevance.
  TrainedModel& cnn = models()[1];
  const Composite composite = make_composite("epsilon-plus-zbox");
  const LrpExplanation explanation = lrp(cnn.model, cnn.inputs, {}, composite);
  const auto expected = reference::reference_lrp(cnn.model, cnn.inputs, explanation.targets,
                                                 preset_rules("epsilon-plus-zbox", "CNN"));
  const ConservationTable& table = explanation.conservation;
  bool some_created = false, some_absorbed = false;
  for (std::size_t n = 0; n < cnn.inputs.shape(0); ++n) {
    INFO("sample " << n << "\n" << table.format(n));
    const double f = expected.outputs[n];
    for (std::size_t l = 0; l <= cnn.model.size(); ++l) {
      CHECK(std::abs(table.totals[n][l] - expected.totals[n][l]) <= 1e-5 * std::abs(f));
    }
    for (const std::size_t dense : {7, 9}) {  // ε and biases: either sign
      some_created = some_created || table.absorbed(n, dense) < -1e-3 * std::abs(f);
      some_absorbed = some_absorbed || table.absorbed(n, dense) > 1e-3 * std::abs(f);
    }
    // zᴮ takes no bias: the first layer passes on all it gets.
    CHECK(std::abs(table.absorbed(n, 0)) <= 1e-5 * std::abs(f));
  }
  CHECK(some_absorbed);
  CHECK(some_created);
  CHECK(table.kept_by[0] == "");                 // zᴮ
  CHECK(table.kept_by[3] == "biases");           // z⁺ with its b⁺
  CHECK(table.kept_by[9] == "biases, epsilon");  // LRP-ε
  CHECK(table.kept_by[1] == "");                 // ReLU
  CHECK(table.format(0).find("biases, epsilon") != std::string::npos);
}

TEST_CASE("Without biases, a layer keeps the relevance of its outputs active by their bias alone") {
  // docs/math/lrp.md, "When conservation holds". With biases taking no relevance, z⁺'s z_j is
  // Σ_i (a_i w_ij)⁺. An output whose inputs contribute nothing positive but which is active
  // through its bias has relevance and z_j = 0: nothing to pass it to. With ε = 0 that is all a
  // layer keeps, and the table shows it in the layer's row.
  TrainedModel& cnn = models()[1];
  Composite z_plus{"z-plus", {}, {}};
  z_plus.add(LayerSelector::with_weights(), ZPlusRule{});
  LrpOptions options;
  options.bias_takes_relevance = false;
  options.epsilon = 0.0f;
  options.keep_layer_relevances = true;
  const LrpExplanation explanation = lrp(cnn.model, cnn.inputs, {}, z_plus, options);
  const ConservationTable& table = explanation.conservation;
  const std::size_t samples = cnn.inputs.shape(0);
  reference::ReferenceRule unstabilised = reference::z_plus_rule();
  unstabilised.epsilon = 0.0;
  const auto expected =
      reference::reference_lrp(cnn.model, cnn.inputs, explanation.targets,
                               std::vector<reference::ReferenceRule>(4, unstabilised), {false});
  double kept_anywhere = 0.0;
  for (const std::size_t l : {0, 3, 7, 9}) {
    CHECK(table.kept_by[l] == "z = 0 outputs");
    // Σ R_j over the outputs with Σ_i (a_i w_ij)⁺ = 0, from the layer's input and weights.
    const Layer& layer = cnn.model.layer(l);
    const Tensor& a = layer.input();
    const Tensor& output_relevance = explanation.layer_relevances[l + 1];
    const Tensor& weight = l < 7 ? dynamic_cast<const Conv2d&>(layer).weight()
                                 : dynamic_cast<const Dense&>(layer).weight();
    const std::size_t outputs = output_relevance.size();
    std::vector<testing::Connection> connections;
    if (l < 7) {
      const auto& settings = dynamic_cast<const Conv2d&>(layer).settings();
      connections = testing::conv_connections(samples, a.shape(1), a.shape(2), a.shape(3),
                                              settings.out_channels, settings.kernel_height, 1, 1);
    } else {
      connections = testing::dense_connections(samples, a.shape(1), weight.shape(1));
    }
    std::vector<double> z(outputs, 0.0);
    for (const auto& c : connections) {
      z[c.output] += std::max(0.0, double(a.data()[c.input]) * weight.data()[c.weight]);
    }
    for (std::size_t n = 0; n < samples; ++n) {
      INFO("layer " << l << ", sample " << n << "\n" << table.format(n));
      const double f = explanation.outputs[n];
      double kept = 0.0;
      for (std::size_t j = n * outputs / samples; j < (n + 1) * outputs / samples; ++j) {
        if (z[j] == 0.0) kept += output_relevance.data()[j];
      }
      kept_anywhere += std::abs(kept);
      CHECK(std::abs(table.absorbed(n, l) - kept) <= 1e-5 * std::abs(f));
      CHECK(std::abs(table.totals[n][l] - expected.totals[n][l]) <= 1e-5 * std::abs(f));
    }
  }
  CHECK(kept_anywhere > 0.1);  // the case happens on these images
}

}  // namespace test_lrp_fidelity
