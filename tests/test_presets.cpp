// The presets (framework/presets.hpp): every one builds on the samples of its dataset, unknown
// names are refused with the known ones listed, and VOCAB becomes the token id count.
#include <doctest/doctest.h>

#include "framework/errors.hpp"
#include "framework/model_spec.hpp"
#include "framework/presets.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_presets {

using namespace glassbox;

TEST_CASE("Every preset builds a model for its dataset's samples") {
  for (const Preset& preset : presets()) {
    INFO(preset.name);
    // 20news: 1,000 tf-idf features, or sequences of 50 tokens over 1,000 words (1,002 ids).
    const Shape samples = preset.dataset == "mnist"        ? Shape{1, 28, 28}
                          : preset.features == "sequences" ? Shape{50}
                                                           : Shape{1000};
    const Sequential model = build_model(with_token_count(preset.layers, 1002), samples, 1);
    CHECK(model.output_shape() == Shape{preset.dataset == "mnist" ? 10u : 20u});
  }
  CHECK(describe_presets().find("text-cnn: ") != std::string::npos);
}

TEST_CASE("Presets by name") {
  CHECK(find_preset("cnn").dataset == "mnist");
  CHECK_THROWS_WITH_AS(find_preset("huge"), doctest::Contains("known: mlp, cnn"), ArgumentError);
}

TEST_CASE("VOCAB in a layer spec becomes the token id count, which must be known") {
  CHECK(with_token_count("embedding:VOCAB:8,conv1d:4:2", 502) == "embedding:502:8,conv1d:4:2");
  CHECK(with_token_count("dense:20", 0) == "dense:20");
  CHECK_THROWS_WITH_AS(with_token_count("embedding:VOCAB:8", 0), doctest::Contains("VOCAB"),
                       ArgumentError);
}

}  // namespace test_presets
