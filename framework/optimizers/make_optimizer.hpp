// Optimizers by name, for the command line and the presets: "sgd" (sgd.hpp) or "adam" (adam.hpp).
#pragma once

#include <memory>
#include <string>

#include "framework/optimizers/optimizer.hpp"

namespace glassbox {

struct OptimizerChoice {
  std::string name = "sgd";
  float learning_rate = 0.05f;
  float momentum = 0.9f;  // sgd only
  bool nesterov = false;  // sgd only
  float weight_decay = 0.0f;
};

// Throws ArgumentError naming the known optimizers for another name.
std::unique_ptr<Optimizer> make_optimizer(const OptimizerChoice& choice);

}  // namespace glassbox
