// Projected gradient ascent on a batch of points, each point climbing its own objective:
//   x ← clip(x + η ∇F(x), low, high)
// (docs/math/activation_maximization.md, eq. 3). The clip keeps pixels inside the range the model
// was trained on; for a step η below 2/L (L the gradient's Lipschitz constant) each step cannot
// lower F, which tests/test_prototypes.cpp checks.
//
// When to stop: every point takes `iterations` steps. An objective may also say, point by point,
// whether a goal has been reached (a class probability, for prototypes); a point short of its
// goal then goes on, alone, until it reaches it or has taken `step_limit` steps, and the result
// says which points stopped at the limit. The other points stay where they stopped, so a point's
// result does not depend on the others in its batch.
//
// Shapes: points N×(any sample shape); the objective returns N values and the gradient in the
// points' shape.
#pragma once

#include <functional>
#include <limits>
#include <vector>

#include "framework/tensor.hpp"

namespace glassbox::explain {

// What an objective says about a batch of points.
struct PointValues {
  std::vector<double> objective;  // F(x_n)
  std::vector<bool> reached;      // whether x_n has reached the goal; empty: there is no goal
};

// PointValues for every point and, in `gradient`, ∇F(x_n).
using BatchObjective = std::function<PointValues(const Tensor& points, Tensor& gradient)>;

struct AscentSettings {
  float step_size = 0.1f;  // η
  int iterations = 200;    // steps every point takes
  // When larger than `iterations`: the most steps a point short of its goal may take.
  int step_limit = 0;
  float low = -std::numeric_limits<float>::infinity();  // the box: every coordinate in [low, high]
  float high = std::numeric_limits<float>::infinity();
  // Called with every iterate x_t (t = 0, 1, …) before F is evaluated there, to record the path
  // (prototypes.hpp, PrototypeSettings::record_every). Empty: nothing is called.
  std::function<void(int t, const Tensor& points)> on_iterate;
};

struct AscentResult {
  Tensor points;  // where each point stopped
  // history[t][n] = F at iterate t, t = 0 … the most steps any point took; a point that stopped
  // earlier keeps its last value.
  std::vector<std::vector<double>> history;
  std::vector<int> steps;     // the steps point n took
  std::vector<bool> reached;  // whether point n reached its goal (true for all without a goal)
};

// Runs the ascent from `start` (clipped into the box first). ArgumentError for a step size that
// is not positive, negative iterations or low ≥ high.
AscentResult gradient_ascent(const BatchObjective& objective, Tensor start,
                             const AscentSettings& settings);

}  // namespace glassbox::explain
