// An explorer report's contents (report_contents.hpp) as the JSON object its page reads
// (window.REPORT in data.js; site/report.js draws it):
//
//   model, kind ("images" or "text"), height, width (0 for text), class_names
//   samples[n]     name, label (−1: unknown), prediction, probabilities[K],
//                  images: input: base64 float32 H×W intensities in [0, 1] (1 = ink; channels
//                  averaged); text: document: words[W], features[W] (the input feature each word
//                  filled, −1 for none; framework/samples.hpp)
//   families[f]    id, label, parameter ("ε", "γ" or ""), description, maps: indices into maps
//   maps[m]        id, family, value,
//                  samples[n]: relevance (base64 float32 H×W, channels summed; text: W words,
//                  each R_i / c_i of the feature i it filled, text_relevance.hpp), limit (the |R|
//                  drawn fully saturated: render::symmetric_limit, as in the PNGs), sum, target,
//                  logit
//                  conservation (LRP maps only): layers[L], kept_by[L], totals[n][L + 1]
//                  flipping: aopc, mean_logit[S + 1]
//   flipping       patch (0 for text), per_step, regions[S + 1] (text: words deleted), random:
//                  aopc, mean_logit
//
// Relevance and inputs are base64 (float_base64.hpp) so the page holds the exact floats of the
// .npy `glassbox explain --npy` writes.
//
// Shapes: as report_contents.hpp (H×W maps or W words; K classes; L layers; S pixel-flipping or
// word-deletion steps).
#pragma once

#include <nlohmann/json.hpp>

#include "explain/report/report_contents.hpp"

namespace glassbox::explain {

nlohmann::json report_json(const ReportContents& report);

}  // namespace glassbox::explain
