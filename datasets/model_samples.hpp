// The samples a model file's metadata describes, prepared as the model was trained: test (or
// training) images or documents by index, an image read from a file, or a text file. What the
// explanation commands run a model on (framework/samples.hpp says what a Samples holds).
//
// Images (mnist): N×1×28×28, scaled as metadata.normalization.scaling says (data_request.hpp);
// low and high are the pixel range of that scaling: [0, 1], or [−1, 1] for symmetric.
// Documents (20news): N×T token ids or N×V features made by the text pipeline the model file
// keeps (metadata.text_features, datasets/newsgroups/text_pipeline.hpp), each with its words and
// the input feature each word fills (document_as_read).
//
// Every problem with the metadata is a FileError naming `model_path`; an index past the split is
// an ArgumentError that says how many samples there are.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "framework/samples.hpp"

namespace glassbox {

// Whether the model reads documents (20news) rather than images.
bool reads_text(const nlohmann::json& metadata, const std::string& model_path);

// Samples [first, first + count) of `split` (train or test): images or documents, as the
// model's dataset has them (below).
Samples model_samples(const nlohmann::json& metadata, const std::string& model_path,
                      const std::string& split, std::size_t first, std::size_t count);

// Images [first, first + count) of `split` (train or test) of the model's dataset. ArgumentError
// for a dataset without images.
Samples image_samples(const nlohmann::json& metadata, const std::string& model_path,
                      const std::string& split, std::size_t first, std::size_t count);

// C×H×W, the shape of the model's images, for reading an image file at that size. ArgumentError
// for a dataset without images.
Shape image_shape(const nlohmann::json& metadata, const std::string& model_path);

// One image read from a file, H×W grey values in [0, 1] (1 = ink; `invert` for dark ink on a light
// background), scaled as the model's images were; it is named `name` and has no true class.
Samples image_file_sample(const nlohmann::json& metadata, const std::string& model_path,
                          Tensor grey, const std::string& name, bool invert);

// Documents [first, first + count) of `split` (train or test) of 20 Newsgroups.
Samples text_samples(const nlohmann::json& metadata, const std::string& model_path,
                     const std::string& split, std::size_t first, std::size_t count);

// The UTF-8 text file at `path` as one document, cleaned as the model's pipeline says except that
// a file has no news headers to remove. FileError naming `path` when it cannot be read or is not
// a text document (empty, binary, a PNG, a folder: read_document_file).
Samples text_file_sample(const nlohmann::json& metadata, const std::string& model_path,
                         const std::string& path);

// The class names a model file records under metadata.class_names (none when it has none).
std::vector<std::string> class_names_of(const nlohmann::json& metadata,
                                        const std::string& model_path);

}  // namespace glassbox
