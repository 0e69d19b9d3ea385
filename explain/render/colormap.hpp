// Colour maps for explanation figures: a diverging map for relevance, a grey map for inputs.
//
// Relevance (diverging red/white/blue, symmetric about zero):
//   R > 0 (evidence for the explained class)      → red
//   R = 0                                           → white
//   R < 0 (evidence against the explained class)  → blue
// With t = clamp(R / limit, −1, 1) the colour is, in 0..255 sRGB bytes (rounded to nearest),
//   t ≥ 0:  (255, 255·(1 − t), 255·(1 − t))    white (t = 0) → pure red   (255, 0, 0) at t = 1
//   t < 0:  (255·(1 + t), 255·(1 + t), 255)    white (t = 0) → pure blue  (0, 0, 255) at t = −1
// The ramp is linear in t, the same as matplotlib's "bwr", the map most LRP figures use. It is
// symmetric by construction: the colour of −R is the colour of R with red and blue swapped. So a
// pixel's saturation says how strong its relevance is and its hue which side it is on, and 0 is
// white whatever the limit.
//
// The limit (the |R| drawn fully saturated) is the same for both signs, so a map that is mostly
// positive does not get its few negative pixels stretched to look as strong. By default it is the
// 99.5th percentile of |R| over the map (symmetric_limit): relevance maps often have a handful of
// extreme pixels, and scaling by the maximum would wash everything else out to near-white; with
// the percentile, the top 0.5% (about 4 of MNIST's 784 pixels) saturate instead. When that
// percentile is 0 (a map that is more than 99.5% zeros) the maximum |R| is used, and an all-zero
// map gets limit 0, which draws it all white.
//
// Inputs (grey): an intensity v in [0, 1] (clamped) becomes grey. ink_on_paper draws v = 1 black
// and 0 white: an MNIST digit (0 background, 1 stroke) then reads as dark ink on the same white
// that means "no relevance", and relevance colours beside it compare against one background.
// light_on_dark is the plain convention (0 black, 1 white), MNIST as stored.
//
// Shapes: a map is H×W. Functions taking a Tensor map also accept any shape whose leading axes
// all have size 1 (a one-sample batch 1×1×H×W, or 1×H×W), so an explanation can be passed as it
// comes out of a model.
#pragma once

#include <cstdint>
#include <string>

#include "explain/render/image.hpp"
#include "framework/tensor.hpp"

namespace glassbox::render {

// Percentile of |R| that symmetric_limit uses unless told otherwise.
inline constexpr float kDefaultPercentile = 99.5f;

// Drawn for NaN relevance or input: mid-grey is neither red, blue nor white, so a NaN stays
// visible as "no value" instead of pretending to be zero.
inline constexpr Rgb kNotANumberColor{128, 128, 128};

enum class GreyStyle {
  ink_on_paper,   // 0 → white, 1 → black (default for figures)
  light_on_dark,  // 0 → black, 1 → white
};

// The diverging colour of `relevance` for a given limit (> 0). As the limit shrinks, every
// non-zero value saturates, so a limit ≤ 0 draws 0 white, positives red and negatives blue.
// ±infinity saturates; NaN gives kNotANumberColor.
Rgb diverging_color(float relevance, float limit);

// The grey of `intensity` (clamped to [0, 1]); NaN gives kNotANumberColor.
Rgb grey_color(float intensity, GreyStyle style = GreyStyle::ink_on_paper);

// The `percentile` (in [0, 100]) of |R| over all finite values of `relevance` (any shape), with
// linear interpolation between order statistics (numpy.percentile's default "linear" method);
// the maximum |R| when that is 0; 0 for an empty or all-zero tensor. Non-finite values are
// ignored, so one infinity cannot push everything else to white.
float symmetric_limit(const Tensor& relevance, float percentile = kDefaultPercentile);

// The largest finite |R| (symmetric_limit at the 100th percentile); 0 for an empty tensor.
float max_absolute(const Tensor& relevance);

// An H×W map (see the shape note above) as an H×W matrix. `what` names the argument in the
// ArgumentError thrown for any other shape.
xt::xtensor<float, 2> as_map(const Tensor& values, const std::string& what);

// H×W relevance → H×W×3 image with diverging_color(R, limit).
RgbImage relevance_image(const Tensor& relevance, float limit);

// H×W intensities in [0, 1] → H×W×3 image with grey_color.
RgbImage grey_image(const Tensor& intensities, GreyStyle style = GreyStyle::ink_on_paper);

}  // namespace glassbox::render
