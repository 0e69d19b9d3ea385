// What the explanation commands share: a saved image model with the data it was trained on, the
// samples to explain (test images by index, or a PNG), and the pixel bounds of its inputs.
#pragma once

#include <string>
#include <vector>

#include "framework/serialization/model_file.hpp"

namespace glassbox::cli {

struct ImageSamples {
  Tensor inputs;                         // N×1×28×28, scaled as the model was trained
  Labels labels;                         // true classes, or −1 for an image read from a file
  std::vector<std::string> names;        // "test #7", "digit.png"
  std::vector<std::string> class_names;  // of the model's dataset
  float low = 0.0f, high = 1.0f;         // the pixel range of that scaling, for zᴮ
};

// Test images [first, first + count) of the model's dataset, or the PNG at `png_path` when it is
// not empty (28×28 grey; `invert` for dark ink on a light background). Throws ArgumentError for an
// index past the split, FileError for an unreadable image.
ImageSamples load_image_samples(const ModelFile& model, const std::string& model_path,
                                const std::string& split, std::size_t first, std::size_t count,
                                const std::string& png_path, bool invert);

// The class names a model file records under metadata.class_names (none when it has none).
// FileError naming `model_path` when they are not strings.
std::vector<std::string> class_names_of(const ModelFile& model, const std::string& model_path);

// Checks a requested class against the model's outputs; returns the targets for N samples
// (empty: each sample's predicted class).
Labels requested_targets(Sequential& model, int requested_class, std::size_t samples);

// Sample n of an N×1×H×W batch as an H×W map.
Tensor image_of(const Tensor& batch, std::size_t sample);

}  // namespace glassbox::cli
