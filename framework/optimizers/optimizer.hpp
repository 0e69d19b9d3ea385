// What every optimizer offers the training loop: one update of all parameters from their gradients.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "framework/layers/layer.hpp"

namespace glassbox {

class Optimizer {
 public:
  virtual ~Optimizer() = default;

  // Updates every parameter in place from its gradient. The list must be the same (same order and
  // shapes) at every call, since per-parameter state such as momentum is matched by position.
  virtual void step(const std::vector<Parameter>& parameters) = 0;

  // Settings and internal state, for model files and checkpoints.
  virtual nlohmann::json describe() const = 0;

  float learning_rate() const { return learning_rate_; }
  void set_learning_rate(float learning_rate) { learning_rate_ = learning_rate; }

 protected:
  explicit Optimizer(float learning_rate) : learning_rate_(learning_rate) {}
  float learning_rate_;
};

}  // namespace glassbox
