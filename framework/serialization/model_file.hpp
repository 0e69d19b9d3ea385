// Saving and loading a trained Sequential model, with its training metadata, as one JSON file.
//
// The format (version 1); keys appear in this order, every key is required and no other is allowed
// outside "config" and "metadata":
//
//   {
//     "format": "glassbox-model",
//     "version": 1,
//     "input_shape": [1, 28, 28],                       one sample, no batch axis
//     "layers": [
//       {"type": "Flatten", "config": {}, "parameters": {}},
//       {"type": "Dense", "config": {"init": "he", "inputs": 784, "outputs": 256},
//        "parameters": {
//          "weight": {"shape": [784, 256], "data": [...784·256 numbers, row-major...]},
//          "bias": {"shape": [256], "data": [...]}}},
//       ...
//     ],
//     "metadata": {"dataset": "mnist", "epochs": 10, ...}     free-form, an object
//   }
//
// "type" and "config" are what Layer::type() and Layer::config() return, and go back through
// make_layer; "parameters" holds every Layer::parameters() tensor by name.
//
// Exactness: every float is written as the shortest decimal that a standard JSON reader (which
// parses into a double) turns back into the very same float, so saving and loading reproduces the
// model bit for bit, and Python's json + numpy.float32 reads the same weights. JSON has no NaN or
// infinity, so models with non-finite weights are refused when saving.
//
// Loading trusts nothing: every problem is a FileError whose position is a JSON key path such as
// `layers[2].parameters.weight.data[17]`, or `byte 1234` when the text is not JSON at all.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "framework/sequential.hpp"

namespace glassbox {

inline constexpr const char* model_format_name = "glassbox-model";
inline constexpr int model_format_version = 1;  // the only version this build writes and reads

// A loaded model file: the rebuilt model and the metadata saved with it.
struct ModelFile {
  Sequential model;
  nlohmann::json metadata;  // always an object
};

// The text of a model file. `metadata` must be an object (null counts as {}) holding only finite
// numbers. Throws ArgumentError, naming the offending key path, for non-finite weights or metadata.
// Non-const because Layer::parameters() is.
std::string model_to_json(Sequential& model, const nlohmann::json& metadata);

// Writes model_to_json(model, metadata) to `path` through atomic_write: the old file survives any
// failure. Throws ArgumentError as model_to_json does, or FileError when the file cannot be
// written.
void save_model(const std::string& path, Sequential& model, const nlohmann::json& metadata);

// Rebuilds a model from a parsed document. `source_name` is the file name errors report.
// Throws FileError(source_name, problem, key path) for anything that is not a valid model.
ModelFile model_from_json(const nlohmann::json& document, const std::string& source_name);

// Parses `text` and rebuilds the model; a text that is not JSON gives a FileError at "byte N".
ModelFile model_from_text(const std::string& text, const std::string& source_name);

// One tensor as model files store it, {"shape": [...], "data": [...]}, with the same exact floats;
// checkpoints store optimizer state this way. ArgumentError (naming `position`) for NaN or
// infinity.
std::string tensor_to_json(const Tensor& tensor, const std::string& position);

// Reads such an entry into `tensor`, whose shape it must have. Throws FileError(source_name,
// problem, key path under `position`) for anything else.
void tensor_from_json(const nlohmann::json& entry, Tensor& tensor, const std::string& source_name,
                      const std::string& position);

// Reads and rebuilds the model saved at `path`. Every failure is a FileError naming `path`.
ModelFile load_model(const std::string& path);

}  // namespace glassbox
