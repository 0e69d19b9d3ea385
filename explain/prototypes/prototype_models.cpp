#include "explain/prototypes/prototype_models.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>

namespace glassbox::explain {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The first `count` images of a batch as N×D rows.
Matrix first_rows(const Tensor& images, std::size_t count) {
  count = std::min(count, images.shape(0));
  const std::size_t d = images.size() / images.shape(0);
  Matrix rows = Matrix::from_shape({count, d});
  std::copy(images.data(), images.data() + count * d, rows.data());
  return rows;
}

}  // namespace

std::string path_beside(const std::string& model_path, const std::string& suffix) {
  std::filesystem::path path(model_path);
  path.replace_extension();
  return path.string() + suffix;
}

MixtureFile density_for(const Samples& train, std::size_t classes, const TestImages& test_images,
                        const DensityRequest& request, const std::string& model_path) {
  if (!request.refit && std::filesystem::exists(request.path)) return load_mixture(request.path);
  const Matrix data = first_rows(train.inputs, request.samples);
  MixtureSettings settings = request.settings;
  Labels initial_components;
  if (request.per_class > 0) {
    const Labels labels(train.labels.begin(), train.labels.begin() + data.shape(0));
    initial_components =
        components_within_classes(data, labels, classes, request.per_class, settings.seed);
    settings.components = classes * request.per_class;
  }
  std::fprintf(stderr, "fitting a %zu-component Gaussian mixture to %zu training images...\n",
               settings.components, data.shape(0));
  const auto start = std::chrono::steady_clock::now();
  MixtureFit fit = fit_gaussian_mixture(
      data, settings,
      [](int iteration, double log_likelihood) {
        std::fprintf(stderr, "  EM iteration %d: mean log-likelihood %.2f nats\n", iteration,
                     log_likelihood);
      },
      initial_components);
  const double fit_seconds = seconds_since(start);

  const Samples test = test_images(request.held_out_samples);
  const double held_out =
      mean_log_likelihood(fit.mixture, first_rows(test.inputs, request.held_out_samples));
  std::fprintf(stderr,
               "  fitted in %.1f s; held-out mean log-likelihood %.2f nats on %zu test "
               "images\n",
               fit_seconds, held_out, request.held_out_samples);

  nlohmann::json metadata = {{"model", model_path},
                             {"training_samples", data.shape(0)},
                             {"held_out_samples", request.held_out_samples},
                             {"training_log_likelihood", fit.log_likelihoods.back()},
                             {"held_out_log_likelihood", held_out},
                             {"em_iterations", fit.log_likelihoods.size()},
                             {"components", settings.components},
                             {"components_per_class", request.per_class},
                             {"covariance", covariance_name(settings.kind)},
                             {"rank", settings.rank},
                             {"variance_floor", settings.variance_floor},
                             {"fit_seconds", fit_seconds}};
  save_mixture(request.path, fit.mixture, metadata);
  std::fprintf(stderr, "  saved to %s\n", request.path.c_str());
  return {std::move(fit.mixture), metadata};
}

CodeSpace decoder_for(const Samples& train, const DecoderRequest& request) {
  if (!request.refit && std::filesystem::exists(request.path)) {
    return load_code_space(request.path);
  }
  std::fprintf(stderr, "training an autoencoder (code size %zu) on %zu training images...\n",
               request.settings.code_size, train.inputs.shape(0));
  const auto start = std::chrono::steady_clock::now();
  CodeSpace space = train_code_space(
      train.inputs, train.low, train.high, request.settings,
      [&request](const ReconstructionEpoch& epoch) {
        std::fprintf(stderr, "  epoch %d/%d: reconstruction error %.5f per pixel, %.1f s\n",
                     epoch.epoch, request.settings.epochs, epoch.loss, epoch.seconds);
      });
  const double seconds = seconds_since(start);
  save_code_space(request.path, space,
                  {{"training_samples", train.inputs.shape(0)},
                   {"epochs", request.settings.epochs},
                   {"train_seconds", seconds}});
  std::fprintf(stderr, "  trained in %.1f s; saved to %s\n", seconds, request.path.c_str());
  return space;
}

}  // namespace glassbox::explain
