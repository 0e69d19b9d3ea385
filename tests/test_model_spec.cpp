// Layer specs (framework/model_spec.hpp): "flatten,dense:20,relu,..." builds the layers it names,
// and what does not fit is refused with the item named; strict numbers, and limits on length and
// nesting that turn a hostile spec into one clear error instead of minutes of work and a stack
// overflow. (parallel(A|B) is in test_parallel.cpp.)
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "framework/errors.hpp"
#include "framework/model_spec.hpp"
#include "framework/serialization/model_file.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_model_spec {

using namespace glassbox;

namespace {

// `depth` levels of parallel(...) around a branch that takes [1, 2, 2] to [2].
std::string nested_spec(std::size_t depth) {
  std::string spec = "flatten,dense:2";
  for (std::size_t level = 0; level < depth; ++level) spec = "parallel(" + spec + ")";
  return spec;
}

const Shape sample{1, 2, 2};

}  // namespace

TEST_CASE("nesting up to the limit builds, and the model it makes saves and loads") {
  Sequential model = build_model(nested_spec(max_spec_nesting), sample, 1);
  CHECK(model.output_shape() == Shape{2});
  const std::string text = model_to_json(model, nlohmann::json::object());
  CHECK(model_from_text(text, "nested.json").model.output_shape() == Shape{2});
}

TEST_CASE("nesting past the limit is one clear error, at once, however deep") {
  CHECK_THROWS_WITH_AS(parse_model_spec(nested_spec(max_spec_nesting + 1), sample, 1),
                       doctest::Contains("nests parallel(...) 9 levels deep; at most 8"),
                       ArgumentError);
  // Deep enough to take minutes and then overflow the stack of the recursive parser (600 levels
  // already took minutes): refused before any recursion, and so is a text past the length limit.
  const auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH_AS(parse_model_spec(nested_spec(900), sample, 1),
                       doctest::Contains("900 levels deep"), ArgumentError);
  CHECK_THROWS_WITH_AS(parse_model_spec(std::string(1000000, '('), sample, 1),
                       doctest::Contains("1000000 characters long; at most 10000"), ArgumentError);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
}

TEST_CASE("numbers in a spec are whole numbers or rates, with nothing around them") {
  for (const char* spec :
       {"flatten,dense:10x", "flatten,dense: 10", "flatten,dense:+10", "flatten,dense:1e1",
        "flatten,dense:", "flatten,dense:-3", "flatten,dense:99999999999999999999"}) {
    CAPTURE(spec);
    CHECK_THROWS_WITH_AS(parse_model_spec(spec, sample, 1),
                         doctest::Contains("is not a whole number"), ArgumentError);
  }
  for (const char* spec : {"dropout:0.5x,flatten,dense:2", "dropout: 0.5,flatten,dense:2",
                           "dropout:,flatten,dense:2"}) {
    CAPTURE(spec);
    CHECK_THROWS_WITH_AS(parse_model_spec(spec, sample, 1), doctest::Contains("is not a number"),
                         ArgumentError);
  }
  CHECK_THROWS_WITH_AS(parse_model_spec("dropout:nan,flatten,dense:2", sample, 1),
                       doctest::Contains("rate must be in [0, 1)"), ArgumentError);
  CHECK_NOTHROW(parse_model_spec("dropout:0.25,flatten,dense:2", sample, 1));
}

TEST_CASE("an error quotes a long item shortened") {
  const std::string item = "dense:" + std::string(500, '7') + "x";
  try {
    parse_model_spec("flatten," + item, sample, 1);
    FAIL("accepted");
  } catch (const ArgumentError& error) {
    CHECK(std::string(error.what()).size() < 200);
  }
}

TEST_CASE("a kernel that does not fit is refused before its weights are drawn") {
  const auto start = std::chrono::steady_clock::now();
  // 96 × 501 × 501 weights would take seconds to draw (and 96 MB) only to be refused.
  CHECK_THROWS_WITH_AS(parse_model_spec("conv:96:501:1:2", {1, 28, 28}, 1),
                       doctest::Contains("a 501×501 kernel does not fit 28×28 images padded by 2"),
                       ArgumentError);
  CHECK_THROWS_WITH_AS(parse_model_spec("conv1d:64:4001", {100, 400}, 1),
                       doctest::Contains("width 4001 does not fit sequences of length 400"),
                       ArgumentError);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(100));
  CHECK_NOTHROW(parse_model_spec("conv:2:32:1:2,flatten,dense:2", {1, 28, 28}, 1));  // just fits
}

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

}  // namespace test_model_spec
