// The options of `glassbox prototype`: the method, the classes, the search, and the cache files
// and fitting settings of the two models the expert and decoder methods need.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "explain/prototypes/prototype_models.hpp"
#include "explain/prototypes/prototypes.hpp"

namespace glassbox::cli {

struct PrototypeOptions {
  std::string model_path;
  std::string method = "simple";
  int target_class = -1;
  bool all_classes = false;
  std::string output = "prototypes.png";
  explain::PrototypeSettings search;
  std::size_t training_samples = 20000;
  explain::DensityRequest density;
  explain::DecoderRequest decoder;
  std::string covariance = "factor";
  bool refit = false;
  bool json = false;
};

// Adds every option of `glassbox prototype` to `command`, reading into `options`.
void add_prototype_options(CLI::App& command, PrototypeOptions& options);

// "simple", "expert", "decoder" → that method; "all" → the three. ArgumentError otherwise.
std::vector<explain::PrototypeMethod> chosen_methods(const std::string& name);

// The classes to find prototypes of: --class C, or every one of the model's `class_count` with
// --all-classes. ArgumentError for neither, both, or a class the model does not have.
Labels chosen_classes(const PrototypeOptions& options, std::size_t class_count);

// The cache files (beside the model unless given) and fitting settings as the options say.
void complete_model_requests(PrototypeOptions& options);

}  // namespace glassbox::cli
