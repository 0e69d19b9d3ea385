// Projected gradient ascent on a batch of points, each point climbing its own objective:
//   x ← clip(x + η ∇F(x), low, high)
// (docs/math/activation_maximization.md, eq. 3). The clip keeps pixels inside the range the model
// was trained on; for a step η below 2/L (L the gradient's Lipschitz constant) each step cannot
// lower F, which tests/test_prototypes.cpp checks.
//
// Shapes: points N×(any sample shape); the objective returns N values and the gradient in the
// points' shape.
#pragma once

#include <functional>
#include <limits>
#include <vector>

#include "framework/tensor.hpp"

namespace glassbox::explain {

// F(x_n) for every point and, in `gradient`, ∇F(x_n).
using BatchObjective = std::function<std::vector<double>(const Tensor& points, Tensor& gradient)>;

struct AscentSettings {
  float step_size = 0.1f;  // η
  int iterations = 200;
  float low = -std::numeric_limits<float>::infinity();  // the box: every coordinate in [low, high]
  float high = std::numeric_limits<float>::infinity();
  // Called with every iterate x_t (t = 0, 1, …) before F is evaluated there, to record the path
  // (prototypes.hpp, PrototypeSettings::record_every). Empty: nothing is called.
  std::function<void(int t, const Tensor& points)> on_iterate;
};

struct AscentResult {
  Tensor points;                             // the last iterate
  std::vector<std::vector<double>> history;  // history[t][n] = F at iterate t, t = 0 … iterations
};

// Runs `settings.iterations` steps from `start` (clipped into the box first).
AscentResult gradient_ascent(const BatchObjective& objective, Tensor start,
                             const AscentSettings& settings);

}  // namespace glassbox::explain
