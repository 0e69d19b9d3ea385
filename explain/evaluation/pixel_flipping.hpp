// Pixel flipping: how fast does the explained logit fall when the inputs an explanation calls most
// relevant are destroyed first? (docs/math/evaluation.md, AOPC eq. (1))
//
//   1. cut each input into regions (patch×patch squares of an image, over all its channels; single
//      features of a flat input) and give each region the sum of its relevance;
//   2. order the regions from most to least relevant;
//   3. step k = 1 … L: replace the next `regions_per_step` regions by uninformative values (noise
//      drawn uniformly in [low, high], or one constant) and record f_c(x⁽ᵏ⁾), the logit of the
//      class c that was explained, and whether c is still the predicted class;
//   4. the area over the perturbation curve, averaged over the N inputs,
//
//        AOPC = 1/(L + 1) · Σ_{k=0..L} ⟨ f_c(x⁽⁰⁾) − f_c(x⁽ᵏ⁾) ⟩
//
//      is large when the first regions flipped carried the evidence: a selective explanation.
//
// The noise is drawn once per input from `seed`, so every explanation compared on the same inputs
// destroys them with the same values and only the order differs. A random order (random_order())
// is the baseline any explanation should beat.
//
// Shapes: inputs N×C×H×W (regions: patches) or N×D (regions: features); relevance the inputs'
// shape; targets N; curves L + 1 values (N inputs, L steps).
#pragma once

#include <cstdint>
#include <vector>

#include "framework/sequential.hpp"

namespace glassbox::explain {

struct FlippingOptions {
  std::size_t patch = 2;             // side of the square regions of an image (1: pixels)
  std::size_t regions_per_step = 4;  // regions destroyed per step
  std::size_t steps = 0;             // L; 0: until every region is destroyed
  bool constant = false;             // replace by `low` instead of noise in [low, high]
  float low = 0.0f, high = 1.0f;     // the inputs' range (pixels: [0, 1] or [−1, 1])
  std::uint64_t seed = 1;            // of the noise
  std::size_t batch_size = 100;      // inputs per forward pass: memory grows with it, not with N
};

struct FlippingCurve {
  std::vector<double> regions_flipped;  // k · regions_per_step, for k = 0 … L
  std::vector<double> mean_logit;       // ⟨f_c(x⁽ᵏ⁾)⟩ over the inputs
  std::vector<double> still_predicted;  // fraction of inputs whose prediction is still c
  double aopc = 0.0;
};

// Runs steps 1–4. Throws ArgumentError when there are no inputs, the relevance does not have the
// inputs' shape, a patch does not tile the image, a target is out of range, or regions_per_step or
// batch_size is 0.
FlippingCurve pixel_flipping(Sequential& model, const Tensor& inputs, const Tensor& relevance,
                             const Labels& targets, const FlippingOptions& options = {});

// A relevance of the inputs' shape whose order is random (seeded): the baseline curve.
Tensor random_order(const Tensor& inputs, std::uint64_t seed);

}  // namespace glassbox::explain
