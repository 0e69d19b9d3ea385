#include "cli/data_loading.hpp"

#include "datasets/mnist.hpp"
#include "framework/errors.hpp"

namespace glassbox::cli {

LabeledData load_dataset(const DataRequest& request) {
  if (request.dataset == "mnist") {
    MnistOptions options;
    options.scaling = parse_pixel_scaling(request.scaling);
    if (request.limit > 0) options.subset = Subset::first(request.limit);
    return load_mnist(parse_split(request.split), options);
  }
  throw ArgumentError("unknown dataset \"" + request.dataset + "\" (known: mnist)");
}

DataRequest data_request_for(const nlohmann::json& metadata, const std::string& model_path) {
  auto text_at = [&](const nlohmann::json& object, const char* key, const char* where,
                     const std::string& fallback) {
    if (!object.contains(key)) return fallback;
    if (!object.at(key).is_string()) throw FileError(model_path, "must be a string", where);
    return object.at(key).get<std::string>();
  };
  DataRequest request;
  request.dataset = text_at(metadata, "dataset", "metadata.dataset", request.dataset);
  if (metadata.contains("normalization")) {
    const nlohmann::json& normalization = metadata.at("normalization");
    if (!normalization.is_object()) {
      throw FileError(model_path, "must be an object", "metadata.normalization");
    }
    request.scaling =
        text_at(normalization, "scaling", "metadata.normalization.scaling", request.scaling);
  }
  return request;
}

Shape dataset_sample_shape(const std::string& dataset) {
  if (dataset == "mnist") return {1, 28, 28};
  throw ArgumentError("unknown dataset \"" + dataset + "\" (known: mnist)");
}

}  // namespace glassbox::cli
