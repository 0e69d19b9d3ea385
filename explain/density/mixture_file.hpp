// Saving and loading a fitted Gaussian mixture (gaussian_mixture.hpp) as a JSON file:
//
//   {"format": "glassbox-gaussian-mixture", "version": 1,
//    "covariance": "low-rank",                       or "diagonal", "factor"
//    "metadata": {...},                              free-form: data, settings, held-out score
//    "components": [{"weight": 0.1, "mean": [D numbers], "variances": [D numbers],
//                    "directions": [[D numbers], ... q of them], "direction_variances": [q]}]}
//
// Numbers are written with 9 significant digits, which read back as the same float. The file is
// written with atomic_write; loading checks every key and hands the shapes to GaussianMixture's
// own checks, and any problem is a FileError naming the file.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "explain/density/gaussian_mixture.hpp"

namespace glassbox::explain {

struct MixtureFile {
  GaussianMixture mixture;
  nlohmann::json metadata;  // an object
};

std::string mixture_to_json(const GaussianMixture& mixture, const nlohmann::json& metadata);

void save_mixture(const std::string& path, const GaussianMixture& mixture,
                  const nlohmann::json& metadata);

MixtureFile load_mixture(const std::string& path);

}  // namespace glassbox::explain
