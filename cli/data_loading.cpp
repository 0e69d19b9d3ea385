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

Shape dataset_sample_shape(const std::string& dataset) {
  if (dataset == "mnist") return {1, 28, 28};
  throw ArgumentError("unknown dataset \"" + dataset + "\" (known: mnist)");
}

}  // namespace glassbox::cli
