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
  AscentResult result;
  result.points = xt::clip(start, settings.low, settings.high);
  Tensor gradient;
  for (int t = 0;; ++t) {
    if (settings.on_iterate) settings.on_iterate(t, result.points);
    result.history.push_back(objective(result.points, gradient));
    if (t == settings.iterations) break;
    xt::noalias(result.points) =
        xt::clip(result.points + settings.step_size * gradient, settings.low, settings.high);
  }
  return result;
}

}  // namespace glassbox::explain
