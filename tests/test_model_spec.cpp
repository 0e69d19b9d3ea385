// Layer specs (framework/model_spec.hpp): "flatten,dense:20,relu,..." builds the layers it names,
// and what does not fit is refused with the item named. (parallel(A|B) is in test_parallel.cpp.)
#include <doctest/doctest.h>

#include "framework/errors.hpp"
#include "framework/model_spec.hpp"

using namespace glassbox;

TEST_CASE("Layer specs build the layers they name and reject what does not fit") {
  Sequential model = build_model("flatten,dense:20,relu,dropout:0.5,dense:10:glorot", {1, 4, 4}, 2);
  CHECK(model.size() == 5);
  CHECK(model.output_shape() == Shape{10});
  CHECK(model.layer(4).config()["init"] == "glorot");
  CHECK_THROWS_WITH_AS(build_model("dense:10", {1, 4, 4}, 1), doctest::Contains("flatten"),
                       ArgumentError);
  CHECK_THROWS_WITH_AS(build_model("flatten,dense:x", {1, 4, 4}, 1), doctest::Contains("dense:x"),
                       ArgumentError);
  CHECK_THROWS_WITH_AS(build_model("flatten,softmax", {1, 4, 4}, 1),
                       doctest::Contains("unknown layer"), ArgumentError);
  CHECK_THROWS_AS(build_model("flatten,dropout:1.5", {1, 4, 4}, 1), ArgumentError);
}
