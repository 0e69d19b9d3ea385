#include "cli/prototype_options.hpp"

#include "cli/common_options.hpp"
#include "framework/errors.hpp"

namespace glassbox::cli {

void add_prototype_options(CLI::App& command, PrototypeOptions& options) {
  add_model_option(command, options.model_path);
  add_option_with_default(command, "--method", options.method, "simple, expert, decoder or all");
  command.add_option("--class", options.target_class, "The class to find prototypes of")
      ->check(whole_number(0));
  command.add_flag("--all-classes", options.all_classes, "Every class (one column each)");
  add_output_option(command, options.output, "Figure to write (PNG)");
  add_option_with_default(command, "--starts", options.search.starts, "Random starts per class")
      ->check(whole_number(1, 1000));
  add_option_with_default(command, "--iterations", options.search.iterations,
                          "Gradient ascent steps")
      ->check(whole_number(1, 1000000));
  command
      .add_option("--step", options.search.step_size,
                  "Step size of gradient ascent (default 0.1; decoder 0.3)")
      ->check(positive_number());
  command
      .add_option("--lambda", options.search.lambda,
                  "Weight of the squared distance to the mean image (simple; default 0.001) "
                  "or of |u|^2 (decoder; default 0.005)")
      ->check(real_number(0.0));
  add_option_with_default(command, "--density-weight", options.search.density_weight,
                          "beta, the weight of log p(x) (expert)")
      ->check(real_number(0.0));
  add_option_with_default(command, "--start-noise", options.search.start_noise,
                          "Spread of the random starts around the mean image (simple, expert)")
      ->check(real_number(0.0));
  add_option_with_default(command, "--seed", options.search.seed, "Random starts")
      ->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()));
  add_option_with_default(command, "--training-samples", options.training_samples,
                          "Training images for the mean image and the decoder")
      ->check(whole_number(1));
  command.add_option("--density", options.density.path, "Gaussian mixture file (cache)")
      ->check(non_empty);
  add_option_with_default(command, "--components", options.density.settings.components,
                          "Mixture components when fitting with --components-per-class 0")
      ->check(whole_number(1, 10000));
  add_option_with_default(command, "--components-per-class", options.density.per_class,
                          "Mixture components per class to begin EM with (0: --components, "
                          "placed by k-means++ regardless of class)")
      ->check(whole_number(0, 1000));
  add_option_with_default(command, "--covariance", options.covariance,
                          "factor (low-rank plus diagonal), low-rank (plus isotropic) or diagonal");
  add_option_with_default(command, "--rank", options.density.settings.rank,
                          "Directions per component (factor, low-rank)")
      ->check(whole_number(0, 784));
  add_option_with_default(command, "--variance-floor", options.density.settings.variance_floor,
                          "Smallest variance of the mixture (the regulariser)")
      ->check(positive_number());
  add_option_with_default(command, "--density-samples", options.density.samples,
                          "Training images the mixture is fitted to")
      ->check(whole_number(1));
  command.add_option("--decoder", options.decoder.path, "Decoder file (cache)")->check(non_empty);
  add_option_with_default(command, "--code-size", options.decoder.settings.code_size,
                          "Autoencoder code size when training")
      ->check(whole_number(1, 4096));
  add_option_with_default(command, "--decoder-epochs", options.decoder.settings.epochs,
                          "Autoencoder training epochs")
      ->check(whole_number(1, 100000));
  add_option_with_default(
      command, "--kl-weight", options.decoder.settings.kl_weight,
      "Weight of the variational autoencoder's KL term (0: a plain autoencoder)")
      ->check(real_number(0.0));
  command.add_flag("--refit", options.refit,
                   "Fit the mixture and train the decoder again even if cached");
  add_json_flag(command, options.json);
}

std::vector<explain::PrototypeMethod> chosen_methods(const std::string& name) {
  if (name == "all") {
    return {explain::PrototypeMethod::simple, explain::PrototypeMethod::expert,
            explain::PrototypeMethod::decoder};
  }
  if (name != "simple" && name != "expert" && name != "decoder") {
    throw ArgumentError("--method must be simple, expert, decoder or all, got \"" + name + "\"");
  }
  return {explain::prototype_method(name)};
}

Labels chosen_classes(const PrototypeOptions& options, std::size_t class_count) {
  if (options.all_classes == (options.target_class >= 0)) {
    throw ArgumentError("give either --class C or --all-classes");
  }
  if (options.all_classes) {
    Labels classes(class_count);
    for (std::size_t c = 0; c < class_count; ++c) classes[c] = static_cast<int>(c);
    return classes;
  }
  if (static_cast<std::size_t>(options.target_class) >= class_count) {
    throw ArgumentError("--class " + std::to_string(options.target_class) + " is not in [0, " +
                        std::to_string(class_count) + ")");
  }
  return {options.target_class};
}

void complete_model_requests(PrototypeOptions& options) {
  options.density.refit = options.decoder.refit = options.refit;
  options.density.settings.kind = explain::covariance_kind(options.covariance);
  if (options.density.path.empty()) {
    options.density.path = explain::path_beside(options.model_path, ".density.json");
  }
  options.decoder.settings.variational = options.decoder.settings.kl_weight > 0.0f;
  if (options.decoder.path.empty()) {
    options.decoder.path = explain::path_beside(options.model_path, ".decoder.json");
  }
}

}  // namespace glassbox::cli
