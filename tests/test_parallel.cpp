// Parallel: outputs side by side, the summed input gradient, parameter names, the registry and
// layer-spec forms, input-gradient switching, and a text CNN through a model file bit for bit.
//
// Shapes: x N×(input shape), branch b gives N×F_b, y N×(F_0 + … + F_{B−1}).
#include <doctest/doctest.h>

#include <cstring>

#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "framework/errors.hpp"
#include "framework/layers/parallel.hpp"
#include "framework/layers/registry.hpp"
#include "framework/model_spec.hpp"
#include "framework/serialization/model_file.hpp"
#include "gradient_check.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_parallel {

using namespace glassbox;
using glassbox::testing::check_gradients;
using glassbox::testing::random_tensor;
using nlohmann::json;

namespace {

// Three branches on [3, 6] samples: a width-2 convolution with tanh and max over time, a width-1
// convolution straight into max over time, and flatten + dense. Smooth except where max over time
// switches winners, which a finite-difference step on random inputs does not reach.
const std::vector<std::string> kBranchSpecs = {"conv1d:4:2,tanh,maxovertime",
                                               "conv1d:2:1,maxovertime", "flatten,dense:3"};
const Shape kSampleShape{3, 6};

// The branches, each built from its spec with its own seed: rebuilding gives the same weights.
std::vector<Sequential> branches(std::uint64_t seed) {
  std::vector<Sequential> list;
  for (std::size_t b = 0; b < kBranchSpecs.size(); ++b) {
    list.push_back(build_model(kBranchSpecs[b], kSampleShape, seed + b));
  }
  return list;
}

std::vector<std::uint32_t> bits_of(Sequential& model) {
  std::vector<std::uint32_t> bits;
  for (const auto& parameter : model.parameters()) {
    for (float value : *parameter.value) {
      std::uint32_t word;
      std::memcpy(&word, &value, sizeof word);
      bits.push_back(word);
    }
  }
  return bits;
}

}  // namespace

TEST_CASE("Parallel puts the branch outputs side by side") {
  Parallel parallel(branches(1));
  std::vector<Sequential> alone = branches(1);
  REQUIRE(parallel.branch_count() == 3);
  CHECK(parallel.output_shape(kSampleShape) == Shape{4 + 2 + 3});
  CHECK(parallel.output_offset(1) == 4);
  CHECK(parallel.output_offset(2) == 6);

  const Tensor x = random_tensor({2, 3, 6}, 2);
  const Tensor y = parallel.forward(x);
  REQUIRE(y.shape(0) == 2);
  REQUIRE(y.shape(1) == 9);
  for (std::size_t b = 0; b < 3; ++b) {
    INFO("branch " << b);
    const std::size_t begin = parallel.output_offset(b);
    const Tensor expected = alone[b].forward(x);
    const Tensor columns = xt::view(y, xt::all(), xt::range(begin, begin + expected.shape(1)));
    CHECK(columns == expected);
  }
  CHECK(parallel.input() == x);
  CHECK(parallel.branch(0).layer(0).input() == x);
}

TEST_CASE("Parallel's input gradient is the sum of the branches' input gradients") {
  Parallel parallel(branches(3));
  std::vector<Sequential> alone = branches(3);
  const Tensor x = random_tensor({2, 3, 6}, 4);
  const Tensor dy = random_tensor({2, 9}, 5);
  parallel.forward(x);
  const Tensor dx = parallel.backward(dy);
  Tensor expected = xt::zeros<float>({2, 3, 6});
  for (std::size_t b = 0; b < 3; ++b) {
    const std::size_t begin = parallel.output_offset(b), end = parallel.output_offset(b + 1);
    alone[b].forward(x);
    const Tensor branch_dy = xt::view(dy, xt::all(), xt::range(begin, end));
    expected += alone[b].backward(branch_dy);
  }
  CHECK(xt::allclose(dx, expected, 1e-6, 1e-6));
}

TEST_CASE("Parallel gradients match finite differences, input and every branch parameter") {
  Parallel parallel(branches(6));
  check_gradients(parallel, random_tensor({2, 3, 6}, 7));
}

TEST_CASE("Parallel names branch parameters branch<b>.<l>.<name>") {
  Parallel parallel(branches(8));
  std::vector<std::string> names;
  for (const auto& parameter : parallel.parameters()) names.push_back(parameter.name);
  CHECK(names == std::vector<std::string>{"branch0.0.weight", "branch0.0.bias", "branch1.0.weight",
                                          "branch1.0.bias", "branch2.1.weight", "branch2.1.bias"});
}

TEST_CASE("Parallel refuses branches that do not fit together") {
  std::vector<Sequential> none;
  CHECK_THROWS_AS(Parallel(std::move(none)), ArgumentError);
  std::vector<Sequential> shapes;
  shapes.push_back(build_model("flatten,dense:2", {3, 6}, 1));
  shapes.push_back(build_model("flatten,dense:2", {3, 5}, 1));
  CHECK_THROWS_WITH_AS(Parallel(std::move(shapes)), doctest::Contains("branch 1"), ArgumentError);
  std::vector<Sequential> not_flat;
  not_flat.push_back(build_model("conv1d:2:1", {3, 6}, 1));
  CHECK_THROWS_WITH_AS(Parallel(std::move(not_flat)), doctest::Contains("flat"), ArgumentError);
  Parallel parallel(branches(1));
  CHECK_THROWS_AS(parallel.output_shape({3, 7}), ArgumentError);
  CHECK_THROWS_AS(parallel.forward(random_tensor({2, 3, 7}, 1)), ArgumentError);
}

TEST_CASE("The layer spec parallel(A|B|...) and the registry build the same Parallel") {
  Sequential model = build_model(
      "parallel(conv1d:4:2,tanh,maxovertime|conv1d:2:1,maxovertime|flatten,dense:3),dense:5",
      kSampleShape, 9);
  REQUIRE(model.size() == 2);
  CHECK(model.layer(0).type() == "Parallel");
  CHECK(model.output_shape() == Shape{5});
  const json config = model.layer(0).config();
  CHECK(config["input_shape"] == json{3, 6});
  REQUIRE(config["branches"].size() == 3);
  CHECK(config["branches"][0][0]["type"] == "Conv1d");
  CHECK(config["branches"][0][0]["config"]["width"] == 2);
  CHECK(config["branches"][2][1]["config"]["inputs"] == 18);
  // The registry rebuilds it from that config: same shapes, and the config comes back unchanged.
  Rng rng(1);
  const auto rebuilt = make_layer("Parallel", config, rng);
  CHECK(rebuilt->config() == config);
  CHECK(rebuilt->output_shape(kSampleShape) == Shape{9});
  // Nesting works: a branch may itself be a Parallel.
  CHECK(build_model("parallel(parallel(flatten,dense:2|flatten,dense:1)|flatten,dense:3)",
                    kSampleShape, 1)
            .output_shape() == Shape{6});
}

TEST_CASE("Parallel spec and config errors say where") {
  CHECK_THROWS_WITH_AS(
      build_model("parallel(conv1d:4:2,maxovertime|conv1d:4:9,maxovertime)", kSampleShape, 1),
      doctest::Contains("parallel branch 2"), ArgumentError);
  CHECK_THROWS_WITH_AS(build_model("parallel(flatten,dense:2", kSampleShape, 1),
                       doctest::Contains("parentheses"), ArgumentError);
  CHECK_THROWS_AS(build_model("parallel(flatten,dense:2|)", kSampleShape, 1), ArgumentError);
  CHECK_THROWS_AS(build_model("flatten,,dense:2", kSampleShape, 1), ArgumentError);
  Rng rng(1);
  const json bad_layer = {{"input_shape", {3, 6}},
                          {"branches",
                           {{{{"type", "Flatten"}, {"config", json::object()}},
                             {{"type", "Dense"}, {"config", {{"inputs", 5}}}}}}}};
  CHECK_THROWS_WITH_AS(make_layer("Parallel", bad_layer, rng),
                       doctest::Contains("branch 0, layer 1"), ArgumentError);
  CHECK_THROWS_AS(make_layer("Parallel", {{"branches", json::array()}}, rng), ArgumentError);
  CHECK_THROWS_AS(make_layer("Parallel", {{"input_shape", {3, 6}}, {"branches", 1}}, rng),
                  ArgumentError);
}

TEST_CASE("Training switches off the input gradient at the model's front, into the branches") {
  // Parallel first: its branches' convolutions need not compute dx.
  Sequential front = build_model(
      "parallel(conv1d:2:2,relu,maxovertime|conv1d:2:1,relu,maxovertime),dense:3", kSampleShape, 1);
  Parallel& parallel = dynamic_cast<Parallel&>(front.layer(0));
  front.set_training(true);
  CHECK_FALSE(parallel.input_gradient_needed());
  CHECK_FALSE(parallel.branch(0).layer(0).input_gradient_needed());
  CHECK_FALSE(parallel.branch(1).layer(0).input_gradient_needed());
  front.forward(random_tensor({2, 3, 6}, 1));
  CHECK(front.backward(random_tensor({2, 3}, 2)).size() == 0);
  front.set_training(false);
  CHECK(parallel.branch(0).layer(0).input_gradient_needed());
  front.forward(random_tensor({2, 3, 6}, 1));
  CHECK(front.backward(random_tensor({2, 3}, 2)).shape(2) == 6);

  // After an embedding (which has parameters to train) the Parallel's input gradient is needed.
  Sequential text = build_model(
      "embedding:10:3,parallel(conv1d:2:2,relu,maxovertime|conv1d:2:1,relu,maxovertime),dense:3",
      {6}, 1);
  text.set_training(true);
  CHECK_FALSE(text.layer(0).input_gradient_needed());
  CHECK(text.layer(1).input_gradient_needed());
  CHECK(dynamic_cast<Parallel&>(text.layer(1)).branch(1).layer(0).input_gradient_needed());
}

TEST_CASE("A text CNN survives a model-file round trip bit for bit") {
  Sequential model = build_model(
      "embedding:50:8,parallel(conv1d:6:1,relu,maxovertime|conv1d:6:2,relu,maxovertime|"
      "conv1d:6:3,relu,maxovertime),dropout:0.5,dense:4",
      {12}, 21);
  // Biases start at zero; random ones make the round trip test them too.
  for (auto& parameter : model.parameters()) {
    if (parameter.name.find("bias") != std::string::npos) {
      *parameter.value = random_tensor(shape_of(*parameter.value), 22);
    }
  }
  const std::string text = model_to_json(model, {{"dataset", "20news"}});
  CHECK(text.find("\"branch2.0.weight\"") != std::string::npos);
  ModelFile loaded = model_from_text(text, "memory");
  REQUIRE(loaded.model.size() == model.size());
  CHECK(bits_of(loaded.model) == bits_of(model));
  CHECK(loaded.model.layer(1).config() == model.layer(1).config());
  Tensor ids = Tensor::from_shape({3, 12});
  for (std::size_t i = 0; i < ids.size(); ++i) ids.data()[i] = static_cast<float>((i * 13) % 50);
  CHECK(loaded.model.predict(ids) == model.predict(ids));
  CHECK(model_to_json(loaded.model, loaded.metadata) == text);
}

}  // namespace test_parallel
