#include "explain/prototypes/code_space.hpp"

#include <cmath>

#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>

#include "framework/errors.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/adam.hpp"
#include "framework/serialization/model_file.hpp"

namespace glassbox::explain {
namespace {

// Mean and standard deviation of every code coordinate over the rows of `codes`.
void code_statistics(const Tensor& codes, Vector& mean, Vector& scale) {
  const std::size_t n = codes.shape(0), z = codes.shape(1);
  mean = xt::zeros<float>({z});
  scale = xt::zeros<float>({z});
  std::vector<double> sum(z, 0.0), sum_of_squares(z, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < z; ++j) {
      const double value = codes(i, j);
      sum[j] += value;
      sum_of_squares[j] += value * value;
    }
  }
  for (std::size_t j = 0; j < z; ++j) {
    const double m = sum[j] / n;
    mean(j) = static_cast<float>(m);
    // A coordinate the encoder never uses gets scale 1 rather than 0, so u still moves it.
    const double variance = sum_of_squares[j] / n - m * m;
    scale(j) = variance > 1e-12 ? static_cast<float>(std::sqrt(variance)) : 1.0f;
  }
}

Vector vector_from(const nlohmann::json& value, const std::string& path, const std::string& key) {
  if (!value.is_array()) throw FileError(path, "expected an array of numbers", key);
  Vector result = Vector::from_shape({value.size()});
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (!value[i].is_number()) throw FileError(path, "expected a number", key);
    result(i) = value[i].get<float>();
  }
  return result;
}

}  // namespace

CodeSpace train_code_space(const Tensor& images, float low, float high,
                           const AutoencoderSettings& settings,
                           const ReconstructionCallback& on_epoch) {
  if (images.dimension() != 4 || !(low < high)) {
    throw ArgumentError("an autoencoder needs N×C×H×W images and a pixel range low < high");
  }
  const Shape image_shape(images.shape().begin() + 1, images.shape().end());
  const std::size_t pixels = image_shape[0] * image_shape[1] * image_shape[2];
  const std::string hidden = std::to_string(settings.hidden);
  const std::size_t encoded = settings.variational ? 2 * settings.code_size : settings.code_size;
  Sequential encoder =
      build_model("flatten,dense:" + hidden + ",relu,dense:" + std::to_string(encoded), image_shape,
                  settings.seed);
  CodeSpace space;
  space.decoder =
      build_model("dense:" + hidden + ",relu,dense:" + std::to_string(pixels) + ",sigmoid",
                  Shape{settings.code_size}, settings.seed + 1);
  space.low = low;
  space.high = high;
  space.image_shape = image_shape;

  const Tensor unit_images = (images - low) / (high - low);
  AdamSettings adam;
  adam.learning_rate = settings.learning_rate;
  Adam optimizer(adam);
  ReconstructionSettings training;
  training.epochs = settings.epochs;
  training.batch_size = settings.batch_size;
  training.seed = settings.seed;
  training.progress = settings.progress;
  training.variational = settings.variational;
  training.kl_weight = settings.kl_weight;
  const auto history =
      train_reconstruction(encoder, space.decoder, optimizer, unit_images, training, on_epoch);
  space.reconstruction_error = history.empty() ? 0.0 : history.back().loss;
  if (settings.variational) {
    space.code_mean = xt::zeros<float>({settings.code_size});
    space.code_scale = xt::ones<float>({settings.code_size});
  } else {
    code_statistics(encoder.predict(unit_images), space.code_mean, space.code_scale);
  }
  return space;
}

Tensor decode(CodeSpace& space, const Matrix& standardised_codes) {
  const std::size_t n = standardised_codes.shape(0);
  if (standardised_codes.shape(1) != space.code_mean.size()) {
    throw ArgumentError("codes must have " + std::to_string(space.code_mean.size()) + " values");
  }
  Tensor codes = standardised_codes * space.code_scale + space.code_mean;
  space.decoder.set_training(false);
  Tensor images = space.low + (space.high - space.low) * space.decoder.forward(codes);
  Shape shape{n};
  shape.insert(shape.end(), space.image_shape.begin(), space.image_shape.end());
  images.reshape(shape);
  return images;
}

Matrix code_gradient(CodeSpace& space, const Tensor& image_gradient) {
  const std::size_t n = image_gradient.shape(0);
  // x = low + (high − low)·g(z) and z = m + s ⊙ u, so ∇_u = s ⊙ (high − low)·J_gᵀ ∇_x.
  Tensor output_gradient = (space.high - space.low) * image_gradient;
  output_gradient.reshape({n, output_gradient.size() / n});
  const Tensor code = space.decoder.backward(output_gradient);
  space.decoder.zero_gradients();
  return code * space.code_scale;
}

void save_code_space(const std::string& path, CodeSpace& space, nlohmann::json metadata) {
  if (metadata.is_null()) metadata = nlohmann::json::object();
  metadata["code_space"] = {{"code_mean", space.code_mean},
                            {"code_scale", space.code_scale},
                            {"low", space.low},
                            {"high", space.high},
                            {"image_shape", space.image_shape},
                            {"reconstruction_error", space.reconstruction_error}};
  save_model(path, space.decoder, metadata);
}

CodeSpace load_code_space(const std::string& path) {
  ModelFile file = load_model(path);
  if (!file.metadata.contains("code_space") || !file.metadata["code_space"].is_object()) {
    throw FileError(path, "not a decoder saved by glassbox prototype (no code_space)",
                    "metadata.code_space");
  }
  const nlohmann::json& saved = file.metadata["code_space"];
  CodeSpace space;
  space.decoder = std::move(file.model);
  try {
    space.code_mean = vector_from(saved.at("code_mean"), path, "metadata.code_space.code_mean");
    space.code_scale = vector_from(saved.at("code_scale"), path, "metadata.code_space.code_scale");
    space.low = saved.at("low").get<float>();
    space.high = saved.at("high").get<float>();
    space.image_shape = saved.at("image_shape").get<Shape>();
    space.reconstruction_error = saved.value("reconstruction_error", 0.0);
  } catch (const nlohmann::json::exception& error) {
    throw FileError(path, std::string("bad code space: ") + error.what(), "metadata.code_space");
  }
  const std::size_t z = space.code_mean.size();
  if (space.decoder.input_shape() != Shape{z} || space.code_scale.size() != z) {
    throw FileError(path, "the decoder, code mean and code scale disagree on the code size",
                    "metadata.code_space");
  }
  return space;
}

}  // namespace glassbox::explain
