#include "explain/prototypes/prototype_runs.hpp"

#include <algorithm>
#include <chrono>

namespace glassbox::explain {

PrototypeRun run_prototype_method(Sequential& model, const Labels& classes, PrototypeMethod method,
                                  PrototypeSettings settings, const PrototypeContext& context,
                                  const GaussianMixture& density) {
  settings.method = method;
  const auto start = std::chrono::steady_clock::now();
  PrototypeRun run{method, find_prototypes(model, classes, settings, context), {}, 0.0};
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Matrix rows = Matrix::from_shape({run.prototypes.size(), density.dimension()});
  for (std::size_t i = 0; i < run.prototypes.size(); ++i) {
    std::copy(run.prototypes[i].image.begin(), run.prototypes[i].image.end(),
              rows.data() + i * rows.shape(1));
  }
  run.log_densities = density.log_density(rows);
  return run;
}

std::vector<std::size_t> best_starts(const PrototypeRun& run, std::size_t starts) {
  std::vector<std::size_t> best;
  for (std::size_t first = 0; first < run.prototypes.size(); first += starts) {
    std::size_t chosen = first;
    for (std::size_t i = first; i < first + starts; ++i) {
      if (run.prototypes[i].objective_history.back() >
          run.prototypes[chosen].objective_history.back()) {
        chosen = i;
      }
    }
    best.push_back(chosen);
  }
  return best;
}

nlohmann::json prototype_run_report(const PrototypeRun& run) {
  nlohmann::json prototypes = nlohmann::json::array();
  double log_density_sum = 0.0, lowest = 1.0;
  for (std::size_t i = 0; i < run.prototypes.size(); ++i) {
    const Prototype& prototype = run.prototypes[i];
    prototypes.push_back({{"class", prototype.target},
                          {"start", prototype.start},
                          {"probability", prototype.probability},
                          {"steps", prototype.steps},
                          {"reached_target", prototype.reached_target},
                          {"objective", prototype.objective_history.back()},
                          {"log_density", run.log_densities[i]}});
    log_density_sum += run.log_densities[i];
    lowest = std::min(lowest, prototype.probability);
  }
  return {{"method", prototype_method_name(run.method)},
          {"seconds", run.seconds},
          {"lowest_probability", lowest},
          {"mean_log_density", log_density_sum / static_cast<double>(run.prototypes.size())},
          {"prototypes", prototypes}};
}

}  // namespace glassbox::explain
