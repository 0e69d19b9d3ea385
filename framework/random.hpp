// Seeded randomness and weight initialisation.
//
// One generator type everywhere, so that the same seed gives the same model and the same run.
#pragma once

#include <cstdint>
#include <random>

#include "framework/tensor.hpp"

namespace glassbox {

using Rng = std::mt19937_64;

// He et al. (2015): N(0, 2/fan_in), suited to ReLU layers.
void he_normal(Tensor& weights, std::size_t fan_in, Rng& rng);

// Glorot & Bengio (2010): U(-a, a) with a = sqrt(6/(fan_in + fan_out)), suited to tanh/sigmoid
// layers.
void glorot_uniform(Tensor& weights, std::size_t fan_in, std::size_t fan_out, Rng& rng);

}  // namespace glassbox
