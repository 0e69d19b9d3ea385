// A Sequential model: chaining checks, and the whole network's gradient by finite differences.
#include <doctest/doctest.h>

#include "framework/errors.hpp"
#include "framework/layers/dense.hpp"
#include "framework/layers/flatten.hpp"
#include "framework/layers/tanh.hpp"
#include "framework/losses/softmax_cross_entropy.hpp"
#include "framework/model_spec.hpp"
#include "framework/sequential.hpp"
#include "gradient_check.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_sequential {

using namespace glassbox;
using glassbox::testing::random_tensor;

static Sequential small_model(Rng& rng) {
  Sequential model({2, 3});
  model.add(std::make_unique<Flatten>());
  model.add(std::make_unique<Dense>(6, 5, Initializer::glorot, rng));
  model.add(std::make_unique<Tanh>());
  model.add(std::make_unique<Dense>(5, 3, Initializer::glorot, rng));
  return model;
}

TEST_CASE("Sequential rejects a layer list that does not chain, naming the layer") {
  Rng rng(1);
  Sequential model({1, 28, 28});
  CHECK_THROWS_WITH_AS(model.add(std::make_unique<Dense>(784, 10, Initializer::he, rng)),
                       doctest::Contains("layer 0 (Dense)"), ArgumentError);
  model.add(std::make_unique<Flatten>());
  model.add(std::make_unique<Dense>(784, 10, Initializer::he, rng));
  CHECK(model.output_shape() == Shape{10});
  CHECK_THROWS_AS(model.forward(random_tensor({2, 1, 28, 27}, 1)), ArgumentError);
}

TEST_CASE("an input a layer finds wrong late, in forward, names that layer") {
  // A token id past the embedding's table: the shape chains, the values do not fit.
  Sequential model = build_model("embedding:5:3,conv1d:2:2,relu,maxovertime,dense:2", {4}, 1);
  const Tensor ids = {{1.0f, 2.0f, 7.0f, 0.0f}};
  CHECK_THROWS_WITH_AS(model.forward(ids), doctest::Contains("layer 0 (Embedding): "),
                       ArgumentError);
  // Inside a Parallel branch, the message leads to the layer through the branch.
  Sequential parallel = build_model(
      "parallel(embedding:9:3,conv1d:2:1,relu,maxovertime|embedding:5:3,conv1d:2:2,"
      "relu,maxovertime),dense:2",
      {4}, 1);
  const Tensor fine = {{1.0f, 2.0f, 4.0f, 0.0f}};
  CHECK_NOTHROW(parallel.forward(fine));
  CHECK_THROWS_WITH_AS(parallel.forward(ids),
                       doctest::Contains("layer 0 (Parallel): branch 1, layer 0 (Embedding): "),
                       ArgumentError);
}

TEST_CASE("Sequential loss gradient matches finite differences for every parameter") {
  Rng rng(5);
  Sequential model = small_model(rng);
  const Tensor x = random_tensor({4, 2, 3}, 2);
  const Labels labels{0, 2, 1, 2};
  SoftmaxCrossEntropy loss;
  model.zero_gradients();
  loss.forward(model.forward(x), labels);
  model.backward(loss.backward());
  const float h = 1e-2f;
  for (auto& p : model.parameters()) {
    for (std::size_t i = 0; i < p.value->size(); ++i) {
      const float saved = p.value->data()[i];
      p.value->data()[i] = saved + h;
      const double plus = loss.forward(model.forward(x), labels);
      p.value->data()[i] = saved - h;
      const double minus = loss.forward(model.forward(x), labels);
      p.value->data()[i] = saved;
      CHECK((plus - minus) / (2 * h) ==
            doctest::Approx(p.gradient->data()[i]).epsilon(2e-3).scale(1));
    }
  }
}

TEST_CASE("predict works in batches and agrees with one big forward pass") {
  Rng rng(6);
  Sequential model = small_model(rng);
  const Tensor x = random_tensor({10, 2, 3}, 3);
  const Tensor all = model.forward(x);
  const Tensor batched = model.predict(x, 3);
  CHECK(xt::allclose(all, batched));
  CHECK(model.parameter_count() == 6 * 5 + 5 + 5 * 3 + 3);
}

}  // namespace test_sequential
