#include "framework/random.hpp"

#include <cmath>

namespace glassbox {

void he_normal(Tensor& weights, std::size_t fan_in, Rng& rng) {
  std::normal_distribution<float> normal(0.0f, std::sqrt(2.0f / static_cast<float>(fan_in)));
  for (float& w : weights) w = normal(rng);
}

void glorot_uniform(Tensor& weights, std::size_t fan_in, std::size_t fan_out, Rng& rng) {
  const float limit = std::sqrt(6.0f / static_cast<float>(fan_in + fan_out));
  std::uniform_real_distribution<float> uniform(-limit, limit);
  for (float& w : weights) w = uniform(rng);
}

}  // namespace glassbox
