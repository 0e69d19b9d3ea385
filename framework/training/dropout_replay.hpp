// Puts a resumed model's Dropout layers back where the interrupted run left them.
//
// A Dropout layer draws its masks from a generator of its own, seeded from its config, and keeps
// it private, so a checkpoint cannot store it. Its state depends only on the seed and on how many
// mask entries it has drawn: one per unit of every training batch, i.e. samples trained × units per
// sample. A model rebuilt from the checkpoint (generators freshly seeded) therefore gets the same
// state back by drawing that many entries again: forward passes on zeros in training mode.
#pragma once

#include <cstddef>
#include <cstdint>

#include "framework/sequential.hpp"

namespace glassbox {

// Replays the draws of `samples_trained` training samples in every Dropout layer of `model`.
// Returns how many Dropout layers it could not reach (inside a Parallel layer); their masks after
// resuming differ from those of an uninterrupted run.
std::size_t replay_dropout_draws(Sequential& model, std::uint64_t samples_trained);

}  // namespace glassbox
