#include "framework/optimizers/sgd.hpp"

#include <xtensor/xnoalias.hpp>

#include "framework/optimizers/state_check.hpp"

namespace glassbox {

Sgd::Sgd(const SgdSettings& settings) : Optimizer(settings.learning_rate), settings_(settings) {
  require_valid_settings(settings.learning_rate, settings.weight_decay);
}

void Sgd::step(const std::vector<Parameter>& parameters) {
  prepare_state(parameters, velocities_);
  const float mu = settings_.momentum, decay = settings_.weight_decay, eta = learning_rate_;
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    Tensor& w = *parameters[i].value;
    const Tensor& gradient = *parameters[i].gradient;
    Tensor& v = velocities_[i];
    if (mu == 0.0f) {
      xt::noalias(w) -= eta * (gradient + decay * w);
    } else if (!settings_.nesterov) {
      xt::noalias(v) = mu * v + gradient + decay * w;
      xt::noalias(w) -= eta * v;
    } else {
      xt::noalias(v) = mu * v + gradient + decay * w;
      xt::noalias(w) -= eta * (gradient + decay * w + mu * v);
    }
  }
}

nlohmann::json Sgd::describe() const {
  return {{"name", "sgd"},
          {"learning_rate", learning_rate_},
          {"momentum", settings_.momentum},
          {"nesterov", settings_.nesterov},
          {"weight_decay", settings_.weight_decay}};
}

OptimizerState Sgd::state() const {
  return {0, {{"velocity", velocities_}}};
}

void Sgd::load_state(const OptimizerState& state) {
  require_slots(state, {"velocity"}, false, "SGD");
  velocities_ = state.slots.at("velocity");
}

}  // namespace glassbox
