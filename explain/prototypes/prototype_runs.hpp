// One prototype method run for a list of classes (prototypes.hpp), timed and scored: each
// prototype's log-density under the fitted mixture p(x) says how much it looks like the training
// images, whatever method found it (docs/math/activation_maximization.md).
//
// Shapes: prototypes 1×H×W; the mixture's dimension D = H·W.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "explain/density/gaussian_mixture.hpp"
#include "explain/prototypes/prototypes.hpp"

namespace glassbox::explain {

struct PrototypeRun {
  PrototypeMethod method = PrototypeMethod::simple;
  std::vector<Prototype> prototypes;  // class by class, start by start (find_prototypes)
  std::vector<double> log_densities;  // log p(x*) of each under the mixture
  double seconds = 0.0;
};

// find_prototypes with settings.method = `method`, timed, each prototype scored under `density`.
PrototypeRun run_prototype_method(Sequential& model, const Labels& classes, PrototypeMethod method,
                                  PrototypeSettings settings, const PrototypeContext& context,
                                  const GaussianMixture& density);

// For each class, the index into run.prototypes of its start with the highest final objective:
// the method's best prototype of that class. `starts` is the number of starts per class.
std::vector<std::size_t> best_starts(const PrototypeRun& run, std::size_t starts);

// {"method", "seconds", "lowest_probability", "mean_log_density", "prototypes": [{"class",
// "start", "probability", "objective", "log_density"}, ...]}
nlohmann::json prototype_run_report(const PrototypeRun& run);

}  // namespace glassbox::explain
