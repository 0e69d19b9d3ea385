// Explanations shown to a reader, one writer for each kind of sample (framework/samples.hpp):
//
//   images  one heatmap beside its input (a single sample) or a grid, inputs on top and their
//           heatmaps below (render/heatmap.hpp), as a PNG; one line per sample on stdout: its
//           true class, the explained class, the logit f(x) and the sum of relevance
//   text    every word coloured by its relevance (text_relevance.hpp), as an HTML page and on the
//           terminal (render/text_heatmap.hpp), with the ten strongest words for the explained
//           class and against it
//
// Each returns what the commands print with --json: the file written ("figure" or "page") and,
// per sample, its name, true class ("label", −1 when unknown), explained class, logit and
// relevance sum (and the strongest words, for text).
//
// Shapes: samples.inputs N×1×H×W (images) or N×F (documents); the relevance the same.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "explain/explanation.hpp"
#include "framework/samples.hpp"

namespace glassbox::explain {

struct ExplanationOutput {
  std::string path;        // the PNG or HTML page to write
  std::string method;      // the method's label (method_label), for titles
  std::string model_path;  // named in the page's title
  bool print = true;       // report each sample on stdout
};

// Where explanations go unless told: "explanation.png" for images, "explanation.html" for text.
std::string default_explanation_path(const Samples& samples);
// The same for a model that reads text (`text`) or images, known before any sample is read.
std::string default_explanation_path(bool text);

// The writer for the kind of `samples` (below).
nlohmann::json write_explanations(const Samples& samples, const Explanation& explanation,
                                  const ExplanationOutput& output);

nlohmann::json write_image_explanations(const Samples& samples, const Explanation& explanation,
                                        const ExplanationOutput& output);

nlohmann::json write_text_explanations(const Samples& samples, const Explanation& explanation,
                                       const ExplanationOutput& output);

// Several methods on the same images, as a grid PNG: the inputs on top, then one row of heatmaps
// per method, labelled methods[m]; each column headed "true class->explained class" (the first
// method's explained classes).
void write_method_comparison(const std::string& path, const Samples& samples,
                             const std::vector<std::string>& methods,
                             const std::vector<Explanation>& explanations);

// Class `label` by its name in `class_names`: "sci.space"; its number when there is no name;
// "?" for −1 (unknown).
std::string class_name(const std::vector<std::string>& class_names, int label);

}  // namespace glassbox::explain
