// Whether a classifier's model file fits the dataset its metadata names, checked when it is loaded
// rather than when the first batch meets the model.
//
// A model file (framework/serialization/model_file.hpp) records the dataset it was trained on
// ("dataset": "mnist" or "20news"; absent means mnist, as for the first glassbox files) and, for
// 20 Newsgroups, the text pipeline that makes its inputs ("text_features"). A file edited by hand,
// or written for another dataset, can be a valid model that still cannot be right for its data:
//
//   mnist    input 1×28×28, 10 outputs, class names "0" … "9" when present
//   20news   input the pipeline's sample shape ([V] tf-idf or counts, [T] token ids), 20 outputs;
//            for token ids, a first Embedding layer with a row for every id (V + 2)
//
// Otherwise the mismatch would surface in the middle of an evaluation or explanation, as a shape
// error naming neither the file nor the field that is wrong.
#pragma once

#include <string>

#include "framework/serialization/model_file.hpp"

namespace glassbox {

// Throws FileError(path, problem, key path) naming the field that does not fit: metadata.dataset
// for an unknown dataset, input_shape, the last layer for the outputs, metadata.class_names[i],
// layers[0].config.vocabulary_size, or a key of metadata.text_features.
void check_model_fits_dataset(const ModelFile& file, const std::string& path);

// load_model(path), then check_model_fits_dataset: what the commands load a classifier with.
ModelFile load_classifier(const std::string& path);

}  // namespace glassbox
