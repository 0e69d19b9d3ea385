#include "framework/optimizers/schedule.hpp"

#include <cmath>
#include <sstream>

#include "framework/errors.hpp"

namespace glassbox {

float LearningRateSchedule::rate_at(int epoch, float initial_rate) const {
  switch (kind) {
    case Kind::step:
      return initial_rate * std::pow(step_factor, static_cast<float>(epoch / step_epochs));
    case Kind::cosine: {
      const double progress = static_cast<double>(epoch) / std::max(total_epochs, 1);
      const double pi = std::acos(-1.0);
      return static_cast<float>(minimum_rate + (initial_rate - minimum_rate) *
                                                   (1.0 + std::cos(pi * progress)) / 2.0);
    }
    case Kind::constant:
      break;
  }
  return initial_rate;
}

LearningRateSchedule parse_schedule(const std::string& text, int total_epochs) {
  LearningRateSchedule schedule;
  schedule.total_epochs = total_epochs;
  if (text == "constant") return schedule;
  if (text == "cosine") {
    schedule.kind = LearningRateSchedule::Kind::cosine;
    return schedule;
  }
  if (text.rfind("step:", 0) == 0) {
    std::istringstream fields(text.substr(5));
    char colon = 0;
    if (fields >> schedule.step_epochs >> colon >> schedule.step_factor && colon == ':' &&
        fields.peek() == EOF && schedule.step_epochs > 0 && schedule.step_factor > 0.0f) {
      schedule.kind = LearningRateSchedule::Kind::step;
      return schedule;
    }
  }
  throw ArgumentError("unknown learning-rate schedule \"" + text +
                      "\" (constant, cosine, step:EPOCHS:FACTOR)");
}

}  // namespace glassbox
