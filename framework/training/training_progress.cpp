#include "framework/training/training_progress.hpp"

#include <numeric>

namespace glassbox {

nlohmann::json EpochRecord::to_json() const {
  nlohmann::json record = {{"epoch", epoch},     {"learning_rate", learning_rate},
                           {"loss", loss},       {"train_accuracy", train_accuracy},
                           {"seconds", seconds}, {"samples_per_second", samples_per_second}};
  if (validation_accuracy >= 0) record["validation_accuracy"] = validation_accuracy;
  return record;
}

TrainingProgress start_progress(std::uint64_t seed, std::size_t samples,
                                float initial_learning_rate) {
  TrainingProgress progress;
  progress.initial_learning_rate = initial_learning_rate;
  progress.order.resize(samples);
  std::iota(progress.order.begin(), progress.order.end(), 0);
  progress.shuffle_rng.seed(seed);
  return progress;
}

}  // namespace glassbox
