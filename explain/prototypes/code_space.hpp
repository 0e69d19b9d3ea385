// The code space of "AM in code space": a decoder g(z) trained as half of an autoencoder on the
// training images, so that a prototype can be searched among the images g can draw
// (docs/math/activation_maximization.md, eq. 11).
//
// Shapes: images N×1×H×W (MNIST 28×28) with pixels in [low, high] as the classifier was trained;
// codes N×Z.
//
// The autoencoder (framework layers only):
//   encoder  flatten, dense:hidden, relu, dense:Z (plain) or dense:2Z (variational: [μ | log σ²])
//   decoder  dense:hidden, relu, dense:H·W, sigmoid
// trained on pixels rescaled to [0, 1] (the sigmoid's range) by train_reconstruction
// (framework/training/reconstruction_trainer.hpp) and Adam: the mean squared error, plus the KL
// term of a variational autoencoder by default.
//
// The search runs in standardised coordinates u, z = m + s ⊙ u. A variational autoencoder's codes
// follow the prior N(0, I), so m = 0 and s = 1; a plain one's have whatever scale training gave
// them, so m and s are the mean and standard deviation of the training images' codes. Either way
// ‖u‖² measures distance from typical codes, and λ‖u‖² means the same for any autoencoder.
// Why variational by default: a plain autoencoder decodes only the codes of real images to
// digits; between and around them it draws blobs, and that is where a search ends up.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "framework/sequential.hpp"
#include "framework/training/reconstruction_trainer.hpp"

namespace glassbox::explain {

struct CodeSpace {
  Sequential decoder{Shape{1}};
  Vector code_mean;                   // m, Z
  Vector code_scale;                  // s, Z
  float low = 0.0f, high = 1.0f;      // the classifier's pixel range
  Shape image_shape;                  // 1×H×W
  double reconstruction_error = 0.0;  // mean squared error per pixel, in [0, 1] units, training set
};

struct AutoencoderSettings {
  std::size_t code_size = 8;  // Z
  std::size_t hidden = 256;
  int epochs = 10;
  std::size_t batch_size = 64;
  float learning_rate = 1e-3f;
  std::uint64_t seed = 1;
  bool progress = true;
  bool variational = true;
  float kl_weight = 2.5e-4f;  // w = 2s²/D with s² ≈ 0.1: see reconstruction_trainer.hpp
};

// Trains an autoencoder on `images` (N×1×H×W in [low, high]) and keeps its decoder.
CodeSpace train_code_space(const Tensor& images, float low, float high,
                           const AutoencoderSettings& settings,
                           const ReconstructionCallback& on_epoch = {});

// Images x = low + (high − low)·g(m + s ⊙ u) for standardised codes u (N×Z): N×1×H×W.
Tensor decode(CodeSpace& space, const Matrix& standardised_codes);

// ∇_u of a function of the decoded images, given its gradient with respect to those images (the
// images of the last decode call): backpropagation through g, times (high − low) and s.
Matrix code_gradient(CodeSpace& space, const Tensor& image_gradient);

// The decoder as a glassbox model file (atomically), with m, s, the pixel range and the image
// shape in its metadata under "code_space", next to `metadata`.
void save_code_space(const std::string& path, CodeSpace& space, nlohmann::json metadata);

// Throws FileError naming `path` when the file is not a saved code space.
CodeSpace load_code_space(const std::string& path);

}  // namespace glassbox::explain
