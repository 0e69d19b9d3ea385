// `glassbox prototype`: activation maximization, the input a model finds most typical of a class
// (docs/math/activation_maximization.md), by the simple, expert or decoder method, or all three.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>

#include <xtensor/xreducer.hpp>

#include "cli/commands.hpp"
#include "cli/prototype_options.hpp"
#include "datasets/model_fit.hpp"
#include "datasets/model_samples.hpp"
#include "explain/prototypes/prototype_runs.hpp"
#include "explain/writers/prototype_writers.hpp"
#include "framework/serialization/model_file.hpp"
#include "framework/serialization/output_path.hpp"

namespace glassbox::cli {
namespace {

// The figure of one method, or of all side by side plus one per method (their paths reported).
void write_figures(const PrototypeOptions& options, const std::vector<explain::PrototypeRun>& runs,
                   const Samples& train, nlohmann::json& report) {
  const std::size_t starts = options.search.starts;
  if (runs.size() == 1) {
    explain::write_prototype_figure(options.output, runs[0], starts, train.low, train.high);
    return;
  }
  explain::write_prototype_comparison(options.output, runs, starts, train.low, train.high);
  for (const explain::PrototypeRun& run : runs) {
    const std::string path = explain::path_beside(
        options.output, "-" + explain::prototype_method_name(run.method) + ".png");
    explain::write_prototype_figure(path, run, starts, train.low, train.high);
    report["method_figures"].push_back(path);
  }
}

void run_prototype(PrototypeOptions options) {
  complete_model_requests(options);
  // The caches are written only when fitted, but a path that cannot take them fails now.
  check_output_paths({options.output, options.density.path, options.decoder.path},
                     {options.model_path});
  ModelFile file = load_classifier(options.model_path);
  const std::vector<explain::PrototypeMethod> methods = chosen_methods(options.method);
  const std::size_t class_count = file.model.output_shape().at(0);
  const Labels classes = chosen_classes(options, class_count);
  const Samples train =
      image_samples(file.metadata, options.model_path, "train", 0, options.training_samples);
  // The mixture scores every method's prototypes, so it is needed whatever the method.
  const explain::MixtureFile density = explain::density_for(
      train, class_count,
      [&](std::size_t count) {
        return image_samples(file.metadata, options.model_path, "test", 0, count);
      },
      options.density, options.model_path);
  std::unique_ptr<explain::CodeSpace> code_space;
  for (explain::PrototypeMethod method : methods) {
    if (method == explain::PrototypeMethod::decoder) {
      code_space =
          std::make_unique<explain::CodeSpace>(explain::decoder_for(train, options.decoder));
    }
  }

  explain::PrototypeContext context;
  context.mean_image = xt::mean(train.inputs, {0});
  context.density = &density.mixture;
  context.code_space = code_space.get();
  context.low = train.low;
  context.high = train.high;

  std::vector<explain::PrototypeRun> runs;
  nlohmann::json report = {
      {"model", options.model_path},
      {"density", options.density.path},
      {"held_out_log_likelihood", density.metadata.value("held_out_log_likelihood", std::nan(""))},
      {"figure", options.output},
      {"methods", nlohmann::json::array()}};
  for (explain::PrototypeMethod method : methods) {
    runs.push_back(explain::run_prototype_method(file.model, classes, method, options.search,
                                                 context, density.mixture));
    report["methods"].push_back(explain::prototype_run_report(runs.back()));
  }
  write_figures(options, runs, train, report);

  if (options.json) {
    std::cout << report.dump() << std::endl;
    return;
  }
  std::printf("density %s: held-out mean log-likelihood %.1f nats\n", options.density.path.c_str(),
              report["held_out_log_likelihood"].get<double>());
  for (const auto& method : report["methods"]) explain::print_prototype_report(method);
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
  add_prototype_options(*command, *options);
  command->callback([options] { run_prototype(*options); });
}

}  // namespace glassbox::cli
