#include "framework/optimizers/adam.hpp"

#include <cmath>

#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>

#include "framework/optimizers/state_check.hpp"

namespace glassbox {

Adam::Adam(const AdamSettings& settings) : Optimizer(settings.learning_rate), settings_(settings) {
  require_valid_settings(settings.learning_rate, settings.weight_decay);
}

void Adam::step(const std::vector<Parameter>& parameters) {
  prepare_state(parameters, first_moments_);
  prepare_state(parameters, second_moments_);
  ++step_count_;
  const float beta1 = settings_.beta1, beta2 = settings_.beta2, decay = settings_.weight_decay;
  const float first_correction = 1.0f - std::pow(beta1, static_cast<float>(step_count_));
  const float second_correction = 1.0f - std::pow(beta2, static_cast<float>(step_count_));
  const float eta = learning_rate_;
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    Tensor& w = *parameters[i].value;
    const Tensor& gradient = *parameters[i].gradient;
    Tensor& m = first_moments_[i];
    Tensor& v = second_moments_[i];
    xt::noalias(m) = beta1 * m + (1.0f - beta1) * (gradient + decay * w);
    xt::noalias(v) = beta2 * v + (1.0f - beta2) * xt::square(gradient + decay * w);
    xt::noalias(w) -=
        eta * (m / first_correction) / (xt::sqrt(v / second_correction) + settings_.epsilon);
  }
}

nlohmann::json Adam::describe() const {
  return {{"name", "adam"},
          {"learning_rate", learning_rate_},
          {"beta1", settings_.beta1},
          {"beta2", settings_.beta2},
          {"epsilon", settings_.epsilon},
          {"weight_decay", settings_.weight_decay},
          {"steps", step_count_}};
}

OptimizerState Adam::state() const {
  return {step_count_, {{"first_moment", first_moments_}, {"second_moment", second_moments_}}};
}

void Adam::load_state(const OptimizerState& state) {
  require_slots(state, {"first_moment", "second_moment"}, true, "Adam");
  step_count_ = state.steps;
  first_moments_ = state.slots.at("first_moment");
  second_moments_ = state.slots.at("second_moment");
}

}  // namespace glassbox
