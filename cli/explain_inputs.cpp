#include "cli/explain_inputs.hpp"

#include <xtensor/xview.hpp>

#include "cli/data_loading.hpp"
#include "explain/render/png.hpp"
#include "framework/errors.hpp"

namespace glassbox::cli {

ImageSamples load_image_samples(const ModelFile& model, const std::string& model_path,
                                const std::string& split, std::size_t first, std::size_t count,
                                const std::string& png_path, bool invert) {
  DataRequest request = data_request_for(model.metadata, model_path);
  const Shape sample_shape = dataset_sample_shape(request.dataset);
  if (sample_shape.size() != 3) {
    throw ArgumentError(
        "the " + request.dataset +
        " model does not take images; `glassbox explain` explains its documents word by word");
  }
  ImageSamples samples;
  const bool symmetric = request.scaling == "symmetric";
  samples.low = symmetric ? -1.0f : 0.0f;
  if (!png_path.empty()) {
    Tensor image = render::read_grey_png(png_path, sample_shape[1], sample_shape[2]);
    if (invert) image = 1.0f - image;
    if (symmetric) image = 2.0f * image - 1.0f;
    image.reshape({1, sample_shape[0], sample_shape[1], sample_shape[2]});
    samples.inputs = image;
    samples.labels = {-1};
    samples.names = {png_path};
  } else {
    request.split = split;
    LabeledData data = load_dataset(request);
    if (count == 0 || first >= data.size() || count > data.size() - first) {
      throw ArgumentError("--index " + std::to_string(first) + " with --count " +
                          std::to_string(count) + " goes past the " + split + " split, which has " +
                          std::to_string(data.size()) + " images (indices 0 to " +
                          std::to_string(data.size() - 1) + ")");
    }
    LabeledData part = slice(data, first, first + count);
    samples.inputs = std::move(part.inputs);
    samples.labels = std::move(part.labels);
    for (std::size_t i = 0; i < count; ++i) {
      samples.names.push_back(split + " #" + std::to_string(first + i));
    }
    samples.class_names = data.class_names;
  }
  if (samples.class_names.empty()) samples.class_names = class_names_of(model, model_path);
  return samples;
}

std::vector<std::string> class_names_of(const ModelFile& model, const std::string& model_path) {
  std::vector<std::string> names;
  if (!model.metadata.contains("class_names")) return names;
  for (const auto& name : model.metadata["class_names"]) {
    if (!name.is_string()) throw FileError(model_path, "must hold strings", "metadata.class_names");
    names.push_back(name.get<std::string>());
  }
  return names;
}

Labels requested_targets(Sequential& model, int requested_class, std::size_t samples) {
  if (requested_class < 0) return {};
  const std::size_t classes = model.output_shape().at(0);
  if (static_cast<std::size_t>(requested_class) >= classes) {
    throw ArgumentError("--class " + std::to_string(requested_class) +
                        " is out of range: the model has " + std::to_string(classes) +
                        " classes (0 to " + std::to_string(classes - 1) + ")");
  }
  return Labels(samples, requested_class);
}

Tensor image_of(const Tensor& batch, std::size_t sample) {
  return xt::view(batch, sample, 0, xt::all(), xt::all());
}

}  // namespace glassbox::cli
