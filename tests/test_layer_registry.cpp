// The layer registry (framework/layers/registry.hpp): a layer rebuilt from its config, and every
// kind of bad config named. (Each layer's own config round trip is in its test.)
#include <doctest/doctest.h>

#include "framework/errors.hpp"
#include "framework/layers/dense.hpp"
#include "framework/layers/registry.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_layer_registry {

using namespace glassbox;

TEST_CASE("The registry rebuilds layers from their config and names what is wrong") {
  Rng rng(3);
  Dense dense(4, 2, Initializer::glorot, rng);
  auto rebuilt = make_layer("Dense", dense.config(), rng);
  CHECK(rebuilt->config() == dense.config());
  CHECK_THROWS_WITH_AS(make_layer("Dense", {{"inputs", 4}}, rng), doctest::Contains("outputs"),
                       ArgumentError);
  CHECK_THROWS_WITH_AS(make_layer("Convolution", {}, rng), doctest::Contains("unknown layer type"),
                       ArgumentError);
  CHECK_THROWS_AS(make_layer("Dense", {{"inputs", -4}, {"outputs", 2}}, rng), ArgumentError);
}

}  // namespace test_layer_registry
