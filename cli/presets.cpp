#include "cli/presets.hpp"

#include "framework/errors.hpp"

namespace glassbox::cli {

const std::vector<Preset>& presets() {
  static const std::vector<Preset> all = {
      {"mlp", "784-256-128-10 ReLU MLP (the reference MLP)", "mnist",
       "flatten,dense:256,relu,dense:128,relu,dense:10"},
      {"cnn",
       "conv 5x5 1->16 pad 2, ReLU, max-pool 2, conv 5x5 16->32 pad 2, ReLU, max-pool 2, "
       "dense 1568->128, ReLU, dense 128->10 (the reference CNN)",
       "mnist",
       "conv:16:5:1:2,relu,maxpool:2,conv:32:5:1:2,relu,maxpool:2,flatten,dense:128,relu,dense:10"},
  };
  return all;
}

const Preset& find_preset(const std::string& name) {
  for (const auto& preset : presets()) {
    if (preset.name == name) return preset;
  }
  std::string known;
  for (const auto& preset : presets()) known += (known.empty() ? "" : ", ") + preset.name;
  throw ArgumentError("unknown preset \"" + name + "\" (known: " + known + ")");
}

std::string describe_presets() {
  std::string text;
  for (const auto& preset : presets()) {
    text += "  " + preset.name + ": " + preset.description + "\n      layers " + preset.layers +
            "\n";
  }
  return text;
}

}  // namespace glassbox::cli
