#include "explain/prototypes/gradient_ascent.hpp"

#include <algorithm>

#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>

#include "framework/errors.hpp"

namespace glassbox::explain {

AscentResult gradient_ascent(const BatchObjective& objective, Tensor start,
                             const AscentSettings& settings) {
  if (!(settings.step_size > 0.0f) || settings.iterations < 0 || !(settings.low < settings.high)) {
    throw ArgumentError(
        "gradient ascent needs a positive step size, iterations ≥ 0 and low < high");
  }
  const int step_limit = std::max(settings.iterations, settings.step_limit);
  AscentResult result;
  result.points = xt::clip(start, settings.low, settings.high);
  const std::size_t count = result.points.shape(0);
  const std::size_t size = count > 0 ? result.points.size() / count : 0;
  result.steps.assign(count, 0);
  result.reached.assign(count, false);
  std::vector<bool> moving(count, true);
  Tensor gradient;
  for (int t = 0;; ++t) {
    if (settings.on_iterate) settings.on_iterate(t, result.points);
    const PointValues values = objective(result.points, gradient);
    result.history.push_back(values.objective);
    // Who stops here: after `iterations` steps a point stops once it has reached its goal (at
    // once when there is none), and every point stops at the limit.
    std::size_t still_moving = 0;
    for (std::size_t n = 0; n < count; ++n) {
      if (!moving[n]) continue;
      result.reached[n] = values.reached.empty() || values.reached[n];
      if (t >= settings.iterations && (result.reached[n] || t >= step_limit)) {
        moving[n] = false;
        result.steps[n] = t;
      } else {
        ++still_moving;
      }
    }
    if (still_moving == 0) break;
    if (still_moving == count) {
      xt::noalias(result.points) =
          xt::clip(result.points + settings.step_size * gradient, settings.low, settings.high);
      continue;
    }
    for (std::size_t n = 0; n < count; ++n) {
      if (!moving[n]) continue;
      float* point = result.points.data() + n * size;
      const float* slope = gradient.data() + n * size;
      for (std::size_t i = 0; i < size; ++i) {
        point[i] =
            std::clamp(point[i] + settings.step_size * slope[i], settings.low, settings.high);
      }
    }
  }
  return result;
}

}  // namespace glassbox::explain
