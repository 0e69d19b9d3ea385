// Learning-rate schedules, evaluated once per epoch (epochs count from 0).
//   constant: η_e = η_0
//   step:     η_e = η_0 · γ^⌊e / s⌋                       (every s epochs, multiply by γ)
//   cosine:   η_e = η_min + (η_0 − η_min)·(1 + cos(π e / E)) / 2   (E total epochs)
#pragma once

#include <string>

namespace glassbox {

struct LearningRateSchedule {
  enum class Kind { constant, step, cosine };
  Kind kind = Kind::constant;
  int step_epochs = 1;        // s, for step
  float step_factor = 0.1f;   // γ, for step
  float minimum_rate = 0.0f;  // η_min, for cosine
  int total_epochs = 1;       // E, for cosine

  float rate_at(int epoch, float initial_rate) const;
};

// "constant", "step:S:GAMMA" (e.g. step:3:0.5) or "cosine"; throws ArgumentError otherwise.
LearningRateSchedule parse_schedule(const std::string& text, int total_epochs);

}  // namespace glassbox
