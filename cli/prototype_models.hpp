// The two models `glassbox prototype` needs besides the classifier, loaded from their cache files
// or, when a file is missing (or --refit), fitted on the classifier's training images and saved
// there atomically: the Gaussian mixture p(x) of the expert method and the decoder g(z) of the
// decoder method. Progress goes to stderr.
#pragma once

#include <string>

#include "explain/density/mixture_file.hpp"
#include "explain/density/mixture_fitting.hpp"
#include "explain/prototypes/code_space.hpp"
#include "framework/serialization/model_file.hpp"
#include "framework/tensor.hpp"

namespace glassbox::cli {

// Training images of the classifier's dataset, scaled as it was trained, and its pixel range.
struct TrainingImages {
  Tensor images;  // N×1×H×W
  Labels labels;  // N
  float low = 0.0f, high = 1.0f;
};

struct DensityRequest {
  std::string path;
  bool refit = false;
  std::size_t samples = 5000;           // training images the mixture is fitted to
  std::size_t held_out_samples = 2000;  // test images it is scored on
  // EM's first assignment: `per_class` components for each class (the labels, each class split
  // by k-means++), or, when 0, k-means++ over all images with settings.components components.
  std::size_t per_class = 2;
  explain::MixtureSettings settings;
};

// Loads the mixture at request.path, or fits it to the first request.samples images of `train`
// (with per_class components for each class to begin with),
// scores it on the first held_out_samples test images of the model's dataset (mean log p(x),
// kept in the metadata as "held_out_log_likelihood"), and saves it.
explain::MixtureFile density_for(const ModelFile& model, const std::string& model_path,
                                 const TrainingImages& train, const DensityRequest& request);

struct DecoderRequest {
  std::string path;
  bool refit = false;
  explain::AutoencoderSettings settings;
};

// Loads the decoder at request.path, or trains an autoencoder on `train` and saves its decoder.
explain::CodeSpace decoder_for(const TrainingImages& train, const DecoderRequest& request);

// "models/mlp.json" → "models/mlp" + suffix (the extension, if any, replaced).
std::string path_beside(const std::string& model_path, const std::string& suffix);

}  // namespace glassbox::cli
