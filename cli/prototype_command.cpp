// `glassbox prototype`: activation maximization, the input a model finds most typical of a class
// (docs/math/activation_maximization.md), by the simple, expert or decoder method, or all three.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>

#include <xtensor/xview.hpp>

#include "cli/commands.hpp"
#include "cli/explain_inputs.hpp"
#include "cli/prototype_models.hpp"
#include "explain/prototypes/prototypes.hpp"
#include "explain/render/picture_rows.hpp"
#include "framework/errors.hpp"

namespace glassbox::cli {
namespace {

struct PrototypeOptions {
  std::string model_path;
  std::string method = "simple";
  int target_class = -1;
  bool all_classes = false;
  std::string output = "prototypes.png";
  explain::PrototypeSettings search;
  std::size_t training_samples = 20000;
  DensityRequest density;
  DecoderRequest decoder;
  std::string covariance = "factor";
  bool refit = false;
  bool json = false;
};

// One method's prototypes and what they score.
struct MethodRun {
  explain::PrototypeMethod method;
  std::vector<explain::Prototype> prototypes;
  std::vector<double> log_densities;  // log p(x*) under the fitted mixture
  double seconds = 0.0;
};

// A prototype's pixels back in [0, 1] for drawing.
Tensor picture(const Tensor& image, float low, float high) {
  return (image - low) / (high - low);
}

std::string caption(const explain::Prototype& prototype) {
  char text[32];
  // Probabilities near 1 are told apart by their distance to 1, which %.3f would round away.
  std::snprintf(text, sizeof text, prototype.probability >= 0.999 ? "%d %.4f" : "%d %.3f",
                prototype.target, prototype.probability);
  return text;
}

// The start with the highest final objective for each class: a method's best prototype.
std::vector<std::size_t> best_starts(const MethodRun& run, std::size_t starts) {
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

// One row per start and one column per class; for a single class, its starts side by side.
void write_method_figure(const std::string& path, const MethodRun& run, std::size_t starts,
                         float low, float high) {
  const bool one_class = run.prototypes.size() == starts;
  std::vector<render::PictureRow> rows(one_class ? 1 : starts);
  for (std::size_t s = 0; s < rows.size(); ++s) {
    rows[s].label =
        explain::prototype_method_name(run.method) + (one_class ? "" : " " + std::to_string(s + 1));
  }
  for (const explain::Prototype& prototype : run.prototypes) {
    render::PictureRow& row = rows[one_class ? 0 : prototype.start];
    row.pictures.push_back(picture(prototype.image, low, high));
    row.captions.push_back(caption(prototype));
  }
  render::write_picture_rows_png(path, rows);
}

// One row per method, each class's best start.
void write_comparison_figure(const std::string& path, const std::vector<MethodRun>& runs,
                             std::size_t starts, float low, float high) {
  std::vector<render::PictureRow> rows;
  for (const MethodRun& run : runs) {
    render::PictureRow row{explain::prototype_method_name(run.method), {}, {}};
    for (std::size_t i : best_starts(run, starts)) {
      row.pictures.push_back(picture(run.prototypes[i].image, low, high));
      row.captions.push_back(caption(run.prototypes[i]));
    }
    rows.push_back(row);
  }
  render::write_picture_rows_png(path, rows);
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

nlohmann::json run_report(const MethodRun& run) {
  nlohmann::json prototypes = nlohmann::json::array();
  double log_density_sum = 0.0, lowest = 1.0;
  for (std::size_t i = 0; i < run.prototypes.size(); ++i) {
    const explain::Prototype& prototype = run.prototypes[i];
    prototypes.push_back({{"class", prototype.target},
                          {"start", prototype.start},
                          {"probability", prototype.probability},
                          {"objective", prototype.objective_history.back()},
                          {"log_density", run.log_densities[i]}});
    log_density_sum += run.log_densities[i];
    lowest = std::min(lowest, prototype.probability);
  }
  return {{"method", explain::prototype_method_name(run.method)},
          {"seconds", run.seconds},
          {"lowest_probability", lowest},
          {"mean_log_density", log_density_sum / static_cast<double>(run.prototypes.size())},
          {"prototypes", prototypes}};
}

void print_run(const nlohmann::json& report) {
  std::printf(
      "%s: %zu prototypes in %.1f s, lowest target probability %.4f, mean log p(x) under "
      "the mixture %.1f nats\n",
      report["method"].get<std::string>().c_str(), report["prototypes"].size(),
      report["seconds"].get<double>(), report["lowest_probability"].get<double>(),
      report["mean_log_density"].get<double>());
  for (const auto& prototype : report["prototypes"]) {
    std::printf("  class %d start %zu: p = %.4f, log p(x) = %.1f\n", prototype["class"].get<int>(),
                prototype["start"].get<std::size_t>() + 1, prototype["probability"].get<double>(),
                prototype["log_density"].get<double>());
  }
}

void run_prototype(PrototypeOptions options) {
  ModelFile file = load_model(options.model_path);
  const std::vector<explain::PrototypeMethod> methods = chosen_methods(options.method);
  const Labels classes = chosen_classes(options, file.model.output_shape().at(0));
  const ImageSamples samples =
      load_image_samples(file, options.model_path, "train", 0, options.training_samples, "", false);
  const TrainingImages train{samples.inputs, samples.labels, samples.low, samples.high};

  options.density.refit = options.decoder.refit = options.refit;
  options.density.settings.kind = explain::covariance_kind(options.covariance);
  if (options.density.path.empty()) {
    options.density.path = path_beside(options.model_path, ".density.json");
  }
  options.decoder.settings.variational = options.decoder.settings.kl_weight > 0.0f;
  if (options.decoder.path.empty()) {
    options.decoder.path = path_beside(options.model_path, ".decoder.json");
  }
  // The mixture scores every method's prototypes, so it is needed whatever the method.
  const explain::MixtureFile density =
      density_for(file, options.model_path, train, options.density);
  std::unique_ptr<explain::CodeSpace> code_space;
  for (explain::PrototypeMethod method : methods) {
    if (method == explain::PrototypeMethod::decoder) {
      code_space = std::make_unique<explain::CodeSpace>(decoder_for(train, options.decoder));
    }
  }

  explain::PrototypeContext context;
  context.mean_image = xt::mean(samples.inputs, {0});
  context.density = &density.mixture;
  context.code_space = code_space.get();
  context.low = samples.low;
  context.high = samples.high;

  std::vector<MethodRun> runs;
  nlohmann::json report = {
      {"model", options.model_path},
      {"density", options.density.path},
      {"held_out_log_likelihood", density.metadata.value("held_out_log_likelihood", std::nan(""))},
      {"figure", options.output},
      {"methods", nlohmann::json::array()}};
  for (explain::PrototypeMethod method : methods) {
    explain::PrototypeSettings settings = options.search;
    settings.method = method;
    const auto start = std::chrono::steady_clock::now();
    MethodRun run{method, explain::find_prototypes(file.model, classes, settings, context), {}, 0};
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    Matrix rows = Matrix::from_shape({run.prototypes.size(), density.mixture.dimension()});
    for (std::size_t i = 0; i < run.prototypes.size(); ++i) {
      std::copy(run.prototypes[i].image.begin(), run.prototypes[i].image.end(),
                rows.data() + i * rows.shape(1));
    }
    run.log_densities = density.mixture.log_density(rows);
    report["methods"].push_back(run_report(run));
    runs.push_back(std::move(run));
  }

  if (runs.size() == 1) {
    write_method_figure(options.output, runs[0], options.search.starts, samples.low, samples.high);
  } else {
    write_comparison_figure(options.output, runs, options.search.starts, samples.low, samples.high);
    for (const MethodRun& run : runs) {
      const std::string path =
          path_beside(options.output, "-" + explain::prototype_method_name(run.method) + ".png");
      write_method_figure(path, run, options.search.starts, samples.low, samples.high);
      report["method_figures"].push_back(path);
    }
  }

  if (options.json) {
    std::cout << report.dump() << std::endl;
    return;
  }
  std::printf("density %s: held-out mean log-likelihood %.1f nats\n", options.density.path.c_str(),
              report["held_out_log_likelihood"].get<double>());
  for (const auto& method : report["methods"]) print_run(method);
  std::printf("figure written to %s\n", options.output.c_str());
}

}  // namespace

void add_prototype_command(CLI::App& app) {
  auto options = std::make_shared<PrototypeOptions>();
  CLI::App* command = app.add_subcommand(
      "prototype", "Activation maximization: the input a model finds most typical of a class");
  command->footer(
      "Methods: simple (max log p(c|x) - lambda |x - mean|^2), expert (max log p(c|x) + "
      "beta log p(x), p a Gaussian mixture fitted to training images), decoder (max "
      "log p(c|g(z)) - lambda |u|^2 over the code of a trained decoder), all (the three side by "
      "side, plus one figure per method).\n"
      "The mixture and the decoder are fitted on first use and cached beside the model "
      "(M.density.json, M.decoder.json) unless --density/--decoder name other files.\n"
      "Examples:\n  glassbox prototype --model mlp.json --method simple --class 3 --out three.png\n"
      "  glassbox prototype --model cnn.json --method all --all-classes --out prototypes.png");
  command->add_option("--model", options->model_path, "Model file")->required();
  command->add_option("--method", options->method, "simple, expert, decoder or all")
      ->capture_default_str();
  command->add_option("--class", options->target_class, "The class to find prototypes of");
  command->add_flag("--all-classes", options->all_classes, "Every class (one column each)");
  command->add_option("--out", options->output, "Figure to write (PNG)")->capture_default_str();
  command->add_option("--starts", options->search.starts, "Random starts per class")
      ->capture_default_str();
  command->add_option("--iterations", options->search.iterations, "Gradient ascent steps")
      ->capture_default_str();
  command->add_option("--step", options->search.step_size,
                      "Step size of gradient ascent (default 0.1; decoder 0.3)");
  command->add_option("--lambda", options->search.lambda,
                      "Weight of the squared distance to the mean image (simple; default 0.001) "
                      "or of |u|^2 (decoder; default 0.005)");
  command
      ->add_option("--density-weight", options->search.density_weight,
                   "beta, the weight of log p(x) (expert)")
      ->capture_default_str();
  command
      ->add_option("--start-noise", options->search.start_noise,
                   "Spread of the random starts around the mean image (simple, expert)")
      ->capture_default_str();
  command->add_option("--seed", options->search.seed, "Random starts")->capture_default_str();
  command
      ->add_option("--training-samples", options->training_samples,
                   "Training images for the mean image and the decoder")
      ->capture_default_str();
  command->add_option("--density", options->density.path, "Gaussian mixture file (cache)");
  command
      ->add_option("--components", options->density.settings.components,
                   "Mixture components when fitting with --components-per-class 0")
      ->capture_default_str();
  command
      ->add_option("--components-per-class", options->density.per_class,
                   "Mixture components per class to begin EM with (0: --components, "
                   "placed by k-means++ regardless of class)")
      ->capture_default_str();
  command
      ->add_option("--covariance", options->covariance,
                   "factor (low-rank plus diagonal), low-rank (plus isotropic) or diagonal")
      ->capture_default_str();
  command
      ->add_option("--rank", options->density.settings.rank,
                   "Directions per component (factor, low-rank)")
      ->capture_default_str();
  command
      ->add_option("--variance-floor", options->density.settings.variance_floor,
                   "Smallest variance of the mixture (the regulariser)")
      ->capture_default_str();
  command
      ->add_option("--density-samples", options->density.samples,
                   "Training images the mixture is fitted to")
      ->capture_default_str();
  command->add_option("--decoder", options->decoder.path, "Decoder file (cache)");
  command
      ->add_option("--code-size", options->decoder.settings.code_size,
                   "Autoencoder code size when training")
      ->capture_default_str();
  command
      ->add_option("--decoder-epochs", options->decoder.settings.epochs,
                   "Autoencoder training epochs")
      ->capture_default_str();
  command
      ->add_option("--kl-weight", options->decoder.settings.kl_weight,
                   "Weight of the variational autoencoder's KL term (0: a plain autoencoder)")
      ->capture_default_str();
  command->add_flag("--refit", options->refit,
                    "Fit the mixture and train the decoder again even if cached");
  command->add_flag("--json", options->json, "Print the results as one JSON object on stdout");
  command->callback([options] { run_prototype(*options); });
}

}  // namespace glassbox::cli
