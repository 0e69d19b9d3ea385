// Prototypes shown to a reader (prototype_runs.hpp): figures of the prototype images, each
// captioned with its class and the probability p(c|x*) the classifier gives it, and the run's
// report as text.
//
// Shapes: prototypes 1×H×W with pixels in [low, high], drawn as grey pictures in [0, 1].
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "explain/prototypes/prototype_runs.hpp"

namespace glassbox::explain {

// One method's prototypes as a PNG: one row per start and one column per class; for a single
// class, its starts side by side in one row.
void write_prototype_figure(const std::string& path, const PrototypeRun& run, std::size_t starts,
                            float low, float high);

// Several methods as a PNG: one row per method, each class's best start (best_starts).
void write_prototype_comparison(const std::string& path, const std::vector<PrototypeRun>& runs,
                                std::size_t starts, float low, float high);

// A run's report (prototype_run_report) as lines on stdout.
void print_prototype_report(const nlohmann::json& report);

}  // namespace glassbox::explain
