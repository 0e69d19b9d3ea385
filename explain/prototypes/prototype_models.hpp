// The two models the prototype methods need besides the classifier (prototypes.hpp), loaded from
// their cache files or, when a file is missing (or refit is asked), fitted on the classifier's
// training images and saved there atomically: the Gaussian mixture p(x) of the expert method and
// the decoder g(z) of the decoder method. Progress goes to stderr.
//
// Shapes: training images N×1×H×W with their N labels and pixel range (framework/samples.hpp).
#pragma once

#include <functional>
#include <string>

#include "explain/density/mixture_file.hpp"
#include "explain/density/mixture_fitting.hpp"
#include "explain/prototypes/code_space.hpp"
#include "framework/samples.hpp"

namespace glassbox::explain {

struct DensityRequest {
  std::string path;
  bool refit = false;
  std::size_t samples = 5000;           // training images the mixture is fitted to
  std::size_t held_out_samples = 2000;  // test images it is scored on
  // EM's first assignment: `per_class` components for each class (the labels, each class split
  // by k-means++), or, when 0, k-means++ over all images with settings.components components.
  std::size_t per_class = 2;
  MixtureSettings settings;
};

// The first `count` test images of the classifier's dataset, loaded only when a mixture is fitted.
using TestImages = std::function<Samples(std::size_t count)>;

// Loads the mixture at request.path, or fits it to the first request.samples images of `train`
// (with per_class components for each of the `classes` classes to begin with), scores it on the
// first held_out_samples `test_images` (mean log p(x), kept in the metadata as
// "held_out_log_likelihood", beside the classifier's `model_path`), and saves it.
MixtureFile density_for(const Samples& train, std::size_t classes, const TestImages& test_images,
                        const DensityRequest& request, const std::string& model_path);

struct DecoderRequest {
  std::string path;
  bool refit = false;
  AutoencoderSettings settings;
};

// Loads the decoder at request.path, or trains an autoencoder on `train` and saves its decoder.
CodeSpace decoder_for(const Samples& train, const DecoderRequest& request);

// "models/mlp.json" → "models/mlp" + suffix (the extension, if any, replaced).
std::string path_beside(const std::string& model_path, const std::string& suffix);

}  // namespace glassbox::explain
