// What every optimizer offers the training loop: one update of all parameters from their gradients.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "framework/layers/layer.hpp"

namespace glassbox {

// What an optimizer carries from one step to the next, for checkpoints: a step count (0 for
// optimizers that keep none) and named slots ("velocity", "first_moment", ...), each holding one
// tensor per parameter in the order of the parameter list, or none before the first step.
struct OptimizerState {
  long steps = 0;
  std::map<std::string, std::vector<Tensor>> slots;
};

class Optimizer {
 public:
  virtual ~Optimizer() = default;

  // Updates every parameter in place from its gradient. The list must be the same (same order and
  // shapes) at every call, since per-parameter state such as momentum is matched by position.
  virtual void step(const std::vector<Parameter>& parameters) = 0;

  // Settings and internal state, for model files and checkpoints.
  virtual nlohmann::json describe() const = 0;

  // The state that makes the next step() what it would have been; load_state puts back what
  // state() returned for an optimizer of the same kind and settings. load_state throws
  // ArgumentError when the slot names or their lengths do not fit; shapes are checked against the
  // parameters at the next step.
  virtual OptimizerState state() const = 0;
  virtual void load_state(const OptimizerState& state) = 0;

  float learning_rate() const { return learning_rate_; }
  void set_learning_rate(float learning_rate) { learning_rate_ = learning_rate; }

 protected:
  explicit Optimizer(float learning_rate) : learning_rate_(learning_rate) {}
  float learning_rate_;
};

}  // namespace glassbox
