// Helpers the optimizers share: validating settings and keeping per-parameter state in step.
#pragma once

#include <string>
#include <vector>

#include "framework/layers/layer.hpp"
#include "framework/optimizers/optimizer.hpp"

namespace glassbox {

// Throws ArgumentError for a non-positive or non-finite learning rate or a negative weight decay.
void require_valid_settings(float learning_rate, float weight_decay);

// Creates zero state tensors shaped like the parameters on first use; afterwards checks that the
// parameter list still matches them (same count and shapes).
void prepare_state(const std::vector<Parameter>& parameters, std::vector<Tensor>& state);

// For load_state: `state` must have exactly the slots named in `names`, all of the same length, and
// `steps` must be zero unless `counts_steps`. Throws ArgumentError naming `optimizer` otherwise.
void require_slots(const OptimizerState& state, const std::vector<std::string>& names,
                   bool counts_steps, const std::string& optimizer);

}  // namespace glassbox
