// Puts a resumed model's Dropout layers back where the interrupted run left them.
//
// A Dropout layer draws its masks from a generator of its own, seeded from its config, and keeps
// it private, so a checkpoint cannot store it. Its state depends only on the seed and on how many
// mask entries it has drawn: one per unit of every training batch, i.e. samples trained × units per
// sample. A model rebuilt from the checkpoint (generators freshly seeded) therefore gets the same
// state back by drawing that many entries again: forward passes on zeros in training mode.
// Loading a checkpoint does this (checkpoint.hpp), so its model is ready to go on training.
#pragma once

#include <cstddef>
#include <cstdint>

#include "framework/sequential.hpp"

namespace glassbox {

// Replays the draws of `samples_trained` training samples in every Dropout layer of `model`,
// those inside Parallel branches included (a branch sees the Parallel layer's input).
void restore_dropout_draws(Sequential& model, std::uint64_t samples_trained);

// restore_dropout_draws, returning 0: the number of Dropout layers it could not reach, of which
// there are none since it reaches into Parallel branches. Kept only for `glassbox train`, which
// calls it on the model it has already moved out of the checkpoint (a no-op) until it drops the
// call; new code calls nothing, since load_checkpoint restores the draws.
std::size_t replay_dropout_draws(Sequential& model, std::uint64_t samples_trained);

}  // namespace glassbox
