#include "framework/optimizers/make_optimizer.hpp"

#include "framework/errors.hpp"
#include "framework/optimizers/adam.hpp"
#include "framework/optimizers/sgd.hpp"

namespace glassbox {

std::unique_ptr<Optimizer> make_optimizer(const OptimizerChoice& choice) {
  if (choice.name == "sgd") {
    return std::make_unique<Sgd>(
        SgdSettings{choice.learning_rate, choice.momentum, choice.nesterov, choice.weight_decay});
  }
  if (choice.name == "adam") {
    AdamSettings settings;
    settings.learning_rate = choice.learning_rate;
    settings.weight_decay = choice.weight_decay;
    return std::make_unique<Adam>(settings);
  }
  throw ArgumentError("unknown optimizer \"" + choice.name + "\" (sgd, adam)");
}

}  // namespace glassbox
