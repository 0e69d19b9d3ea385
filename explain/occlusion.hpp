// Occlusion (Zeiler & Fergus 2014), docs/math/explanations.md eq. (13): cover a patch of the input
// with a value v, and the drop of the explained logit is the patch's relevance. The patch slides
// over the image `stride` pixels at a time; a pixel gets the mean drop of the windows W that cover
// it:
//
//   R_i = 1/|{W ∋ i}| · Σ_{W ∋ i} [ f_c(x) − f_c(x with W set to v) ]                      (13)
//
// Nothing is differentiated: each window position is one forward pass of the whole batch. A
// window's drop is shared by all its pixels, so the map is as coarse as the patch, and a pixel
// that matters only together with a pixel outside every window it shares gets nothing. For a flat
// input the windows are the single features (the patch is ignored). The windows are the regions
// pixel flipping destroys (evaluation/regions.hpp), with a stride.
//
// Shapes: input N×C×H×W or N×D; relevance the same; targets N.
#pragma once

#include "explain/explanation.hpp"
#include "framework/sequential.hpp"

namespace glassbox::explain {

struct OcclusionOptions {
  std::size_t patch = 4;   // side of the square window
  std::size_t stride = 2;  // pixels between window positions
  float value = 0.0f;      // what covers the window (black: the low end of the pixel range)
};

// `targets` empty: the predicted classes. Throws ArgumentError when the windows do not tile the
// image (regions.hpp) or the model starts with an Embedding.
Explanation occlusion(Sequential& model, const Tensor& input, const Labels& targets = {},
                      const OcclusionOptions& options = {});

}  // namespace glassbox::explain
