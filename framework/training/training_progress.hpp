// Where a training run stands: the finished epochs' records, and everything besides the weights
// and the optimizer's state that the loop needs to go on exactly as if it had never stopped.
//
// The training loop (trainer.hpp) updates a TrainingProgress after every batch, so that when it
// stops early (stop_request.hpp) the progress, the model and the optimizer state together are a
// checkpoint (framework/serialization/checkpoint.hpp) from which the run resumes bit for bit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "framework/random.hpp"

namespace glassbox {

struct EpochRecord {
  int epoch = 0;  // from 1
  float learning_rate = 0.0f;
  double loss = 0.0;                // mean training loss over the epoch
  double train_accuracy = 0.0;      // on the training batches, as they were seen
  double validation_accuracy = -1;  // −1 when there is no validation set
  double seconds = 0.0;             // training time of the epoch, validation excluded
  double samples_per_second = 0.0;

  nlohmann::json to_json() const;
};

struct TrainingProgress {
  int epoch = 0;          // the epoch in progress, from 0 (the number of epochs once done)
  std::size_t batch = 0;  // batches of that epoch already trained; 0: its shuffle is still to come
  std::uint64_t samples_trained = 0;   // over the whole run: how many masks each Dropout drew
  float initial_learning_rate = 0.0f;  // η_0, which the schedule scales epoch by epoch

  // The sample order of the epoch in progress, and the generator as that epoch's shuffle left it.
  // Each epoch shuffles the previous epoch's order, so both are needed to go on.
  std::vector<std::size_t> order;
  Rng shuffle_rng;

  // Running sums of the epoch in progress, for its record.
  double loss_sum = 0.0;  // Σ batch loss × batch size
  std::size_t correct = 0, seen = 0;
  double seconds = 0.0;

  std::vector<EpochRecord> history;  // the finished epochs
};

// The progress of a run that has not started: order 0, 1, ..., samples − 1 and the generator
// seeded with `seed`.
TrainingProgress start_progress(std::uint64_t seed, std::size_t samples,
                                float initial_learning_rate);

}  // namespace glassbox
