// Samples to run a model on, each with what a reader needs beside its explanation: a name, the
// true class and, for text, the words of the document and which input each word filled.
// datasets/model_samples.hpp loads them as a model file says its data was prepared;
// explain/writers/ draws or prints their explanations.
//
// Shapes: inputs N×(the model's input shape): images N×C×H×W, tf-idf or count features N×V (V
// vocabulary words), token ids N×T (T positions); labels and names N.
#pragma once

#include <string>
#include <vector>

#include "framework/tensor.hpp"

namespace glassbox {

// A document as a reader sees it.
struct Document {
  std::vector<std::string> words;  // in reading order, as the model's text encoding kept them
  // For each word, the input feature it filled: its position k (< T) for token ids, its
  // vocabulary index v for tf-idf or counts; −1 where it filled none (a word outside the
  // vocabulary, a token past the sequence length).
  std::vector<int> features;
};

struct Samples {
  Tensor inputs;                         // prepared as the model was trained
  Labels labels;                         // true classes; −1 where unknown (a file)
  std::vector<std::string> names;        // "test #7", "digit.png", "test #3 (sci.space/61116)"
  std::vector<std::string> class_names;  // K
  float low = 0.0f, high = 1.0f;         // images: the pixel range of their scaling
  std::vector<Document> documents;       // text: one per sample; empty for images

  std::size_t size() const { return labels.size(); }
  bool is_text() const { return !documents.empty(); }
};

}  // namespace glassbox
