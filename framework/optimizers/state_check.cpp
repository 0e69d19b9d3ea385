#include "framework/optimizers/state_check.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "framework/errors.hpp"
#include "framework/join.hpp"

namespace glassbox {

void require_valid_settings(float learning_rate, float weight_decay) {
  if (!(learning_rate > 0.0f) || !std::isfinite(learning_rate)) {
    throw ArgumentError("learning rate must be positive, got " + std::to_string(learning_rate));
  }
  if (!(weight_decay >= 0.0f)) {
    throw ArgumentError("weight decay must be zero or positive, got " +
                        std::to_string(weight_decay));
  }
}

void prepare_state(const std::vector<Parameter>& parameters, std::vector<Tensor>& state) {
  if (state.empty()) {
    for (const auto& parameter : parameters) {
      state.push_back(xt::zeros<float>(parameter.value->shape()));
    }
    return;
  }
  bool same = state.size() == parameters.size();
  for (std::size_t i = 0; same && i < parameters.size(); ++i) {
    same = state[i].shape() == parameters[i].value->shape();
  }
  if (!same) throw ArgumentError("optimizer called with a different parameter list than before");
}

void require_slots(const OptimizerState& state, const std::vector<std::string>& names,
                   bool counts_steps, const std::string& optimizer) {
  std::vector<std::string> found;
  for (const auto& slot : state.slots) found.push_back(slot.first);
  std::vector<std::string> expected = names;
  std::sort(expected.begin(), expected.end());  // std::map keeps its keys sorted
  if (found != expected) {
    throw ArgumentError(optimizer + " state must hold the slots " + join(names));
  }
  const std::size_t length = state.slots.begin()->second.size();
  for (const auto& slot : state.slots) {
    if (slot.second.size() != length) {
      throw ArgumentError(optimizer + " state slots hold different numbers of tensors");
    }
  }
  if (state.steps < 0 || (!counts_steps && state.steps != 0)) {
    throw ArgumentError(optimizer + " state has an impossible step count " +
                        std::to_string(state.steps));
  }
}

}  // namespace glassbox
