// Embedding: the N×E×T layout against hand-set table rows, padding, the table gradient by finite
// differences, the zero input gradient, and ids that are not ids.
//
// Shapes: ids x N×T, table R×E, y N×E×T (N documents, T positions, R ids, E dimensions).
#include <doctest/doctest.h>

#include <cmath>

#include "framework/errors.hpp"
#include "framework/layers/embedding.hpp"
#include "framework/layers/registry.hpp"
#include "gradient_check.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_embedding {

using namespace glassbox;
using glassbox::testing::check_gradients;
using glassbox::testing::random_tensor;

namespace {

// An embedding of 5 ids × 3 dimensions whose row i is (10i, 10i + 1, 10i + 2) (row 0 included,
// to show that padding ignores it).
Embedding numbered_embedding() {
  Rng rng(1);
  Embedding embedding(5, 3, rng);
  Tensor& table = *embedding.parameters()[0].value;
  for (std::size_t id = 0; id < 5; ++id) {
    for (std::size_t e = 0; e < 3; ++e) table(id, e) = static_cast<float>(10 * id + e);
  }
  return embedding;
}

}  // namespace

TEST_CASE("Embedding writes each id's row as a column of the N×E×T output; padding is zero") {
  Embedding embedding = numbered_embedding();
  const Tensor ids{{2.0f, 4.0f, 0.0f, 1.0f}, {0.0f, 0.0f, 3.0f, 3.0f}};
  const Tensor& y = embedding.forward(ids);
  REQUIRE(y.shape(0) == 2);
  REQUIRE(y.shape(1) == 3);
  REQUIRE(y.shape(2) == 4);
  for (std::size_t n = 0; n < 2; ++n) {
    for (std::size_t t = 0; t < 4; ++t) {
      const auto id = static_cast<std::size_t>(ids(n, t));
      for (std::size_t e = 0; e < 3; ++e) {
        INFO("n " << n << ", e " << e << ", t " << t);
        CHECK(y(n, e, t) == (id == 0 ? 0.0f : static_cast<float>(10 * id + e)));
      }
    }
  }
  CHECK(embedding.output_shape({4}) == Shape{3, 4});
  CHECK(embedding.input() == ids);
}

TEST_CASE("A new table starts with a zero padding row") {
  Rng rng(2);
  Embedding embedding(10, 4, rng);
  for (std::size_t e = 0; e < 4; ++e) CHECK(embedding.table()(0, e) == 0.0f);
  CHECK(embedding.table()(1, 0) != 0.0f);
}

TEST_CASE("Embedding table gradient matches finite differences; padding gets none") {
  Rng rng(3);
  Embedding embedding(6, 4, rng);
  // Every id occurs, some several times, so that their sums are checked too.
  const Tensor ids{{1.0f, 5.0f, 0.0f, 2.0f, 2.0f}, {3.0f, 4.0f, 1.0f, 0.0f, 5.0f}};
  check_gradients(embedding, ids, 1e-2, 2e-3, /*check_input=*/false);

  for (auto& parameter : embedding.parameters()) parameter.gradient->fill(0.0f);
  embedding.forward(ids);
  const Tensor& input_gradient = embedding.backward(random_tensor({2, 4, 5}, 4));
  const Tensor& table_gradient = *embedding.parameters()[0].gradient;
  for (std::size_t e = 0; e < 4; ++e) CHECK(table_gradient(0, e) == 0.0f);
  // Ids are discrete: the input gradient is defined as zeros, of the input's shape.
  CHECK(input_gradient == xt::zeros<float>({2, 5}));
}

TEST_CASE("The table gradient is the sum of dy over each id's positions") {
  Embedding embedding = numbered_embedding();
  const Tensor ids{{2.0f, 2.0f, 1.0f}};
  embedding.forward(ids);
  Tensor dy = Tensor::from_shape({1, 3, 3});
  for (std::size_t e = 0; e < 3; ++e) {
    for (std::size_t t = 0; t < 3; ++t) dy(0, e, t) = static_cast<float>(e * 10 + t + 1);
  }
  embedding.backward(dy);
  const Tensor& gradient = *embedding.parameters()[0].gradient;
  for (std::size_t e = 0; e < 3; ++e) {
    CHECK(gradient(2, e) == dy(0, e, 0) + dy(0, e, 1));
    CHECK(gradient(1, e) == dy(0, e, 2));
    CHECK(gradient(3, e) == 0.0f);
  }
  // Gradients accumulate, like every gradient in glassbox.
  embedding.backward(dy);
  CHECK(gradient(1, 0) == 2 * dy(0, 0, 2));
}

TEST_CASE(
    "Switched off, the input gradient is an empty tensor and the table gradient still comes") {
  Embedding embedding = numbered_embedding();
  embedding.set_input_gradient_needed(false);
  embedding.forward(Tensor{{1.0f, 2.0f}});
  CHECK(embedding.backward(xt::ones<float>({1, 3, 2})).size() == 0);
  CHECK((*embedding.parameters()[0].gradient)(1, 0) == 1.0f);
}

TEST_CASE("Embedding rejects ids that are not whole numbers in [0, R), naming the position") {
  Embedding embedding = numbered_embedding();
  CHECK_THROWS_WITH_AS(embedding.forward(Tensor{{1.0f, 5.0f}}),
                       doctest::Contains("document 0, position 1"), ArgumentError);
  CHECK_THROWS_AS(embedding.forward(Tensor{{1.0f, -1.0f}}), ArgumentError);
  CHECK_THROWS_AS(embedding.forward(Tensor{{1.5f, 1.0f}}), ArgumentError);
  CHECK_THROWS_AS(embedding.forward(Tensor{{std::nanf(""), 1.0f}}), ArgumentError);
  CHECK_THROWS_AS(embedding.forward(Tensor{1.0f, 2.0f}), ArgumentError);  // not N×T
  CHECK_THROWS_AS(embedding.output_shape({2, 3}), ArgumentError);
  Rng rng(1);
  CHECK_THROWS_AS(Embedding(1, 3, rng), ArgumentError);
  CHECK_THROWS_AS(Embedding(5, 0, rng), ArgumentError);
}

TEST_CASE("The registry builds an Embedding from its config") {
  Rng rng(5);
  const auto layer = make_layer("Embedding", {{"vocabulary_size", 7}, {"dimensions", 2}}, rng);
  CHECK(layer->type() == "Embedding");
  CHECK(layer->config() == nlohmann::json{{"vocabulary_size", 7}, {"dimensions", 2}});
  CHECK_THROWS_AS(make_layer("Embedding", {{"vocabulary_size", 7}}, rng), ArgumentError);
  CHECK_THROWS_AS(
      make_layer("Embedding", {{"vocabulary_size", 1 << 20}, {"dimensions", 1 << 10}}, rng),
      ArgumentError);  // over 2^28 weights
}

}  // namespace test_embedding
