// Named architectures with the settings they train well with, as listed by `glassbox train --help`
// and measured by the benchmarks (benchmarks/speed.cpp).
#pragma once

#include <string>
#include <vector>

namespace glassbox {

struct Preset {
  std::string name;
  std::string description;
  std::string dataset;  // the dataset whose sample shape the spec expects
  std::string layers;   // a layer spec (framework/model_spec.hpp); VOCAB: the token id count
  std::string optimizer = "sgd";
  float learning_rate = 0.05f;
  float momentum = 0.9f;
  std::string schedule = "cosine";
  int epochs = 10;
  std::size_t batch_size = 64;
  float weight_decay = 0.0f;
  std::string loss = "cross-entropy";  // or hinge (framework/losses/classification_loss.hpp)
  std::string features = "tfidf";      // 20news inputs: tfidf or sequences
};

const std::vector<Preset>& presets();

// Throws ArgumentError listing the known names when `name` is not one of them.
const Preset& find_preset(const std::string& name);

// "mlp: 784-256-128-10 ReLU MLP ...", one line per preset, for help texts.
std::string describe_presets();

// The layer spec with every VOCAB replaced by `token_ids`, the id count of the text it will read
// (vocabulary size + 2). ArgumentError when the spec says VOCAB and `token_ids` is 0 (no token ids:
// not 20news sequence features).
std::string with_token_count(const std::string& layers, std::size_t token_ids);

}  // namespace glassbox
