#include "framework/optimizers/state_check.hpp"

#include <cmath>
#include <string>

#include "framework/errors.hpp"

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

}  // namespace glassbox
