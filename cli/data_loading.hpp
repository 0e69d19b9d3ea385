// Loads a dataset split by name for the commands, with the options recorded in model files.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "framework/dataset.hpp"

namespace glassbox::cli {

struct DataRequest {
  std::string dataset = "mnist";
  std::string split = "train";      // train or test
  std::string scaling = "unit";     // pixel scaling: unit [0,1] or symmetric [-1,1]
  std::size_t limit = 0;            // 0: all samples, else the first `limit`
};

LabeledData load_dataset(const DataRequest& request);

// The dataset and pixel scaling a model was trained with, read from its file's metadata (so that it
// is evaluated and explained on data prepared the same way). Throws FileError naming `model_path`
// when the metadata says something unusable.
DataRequest data_request_for(const nlohmann::json& metadata, const std::string& model_path);

// The sample shape of a dataset's inputs, known without loading it.
Shape dataset_sample_shape(const std::string& dataset);

}  // namespace glassbox::cli
