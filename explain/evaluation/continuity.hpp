// Continuity: do similar inputs get similar explanations? (docs/math/evaluation.md, eq. (4))
//
// For inputs x_n, directions ε_nm drawn once from N(0, I) and a perturbation size σ, the perturbed
// inputs are x′_nm = x_n + σ ε_nm, and the explanation R (of the class c_n explained at x_n, kept
// fixed at x′_nm) changes by
//
//   C(σ) = 1/(N M) · Σ_n Σ_m ‖R(x′_nm) − R(x_n)‖₂ / ‖R(x_n)‖₂                         (4)
//
// the mean relative change, 0 for an explanation that does not move. The same ε_nm serve every σ
// and every method, so curves differ only by the explanation, and an explanation linear in x
// gives a C(σ) exactly proportional to σ. Continuity is a statement about σ → 0: the largest
// relative change over all pairs goes to 0 for a continuous explanation and stays put for one that
// jumps (the gradient of a ReLU network across a kink), so the curve keeps it as well.
//
// Why Gaussian noise and not shifts: a shift by one pixel is one fixed step, not a size that can
// shrink, and it asks whether heatmaps move with the image (equivariance) rather than whether they
// change smoothly. Noise of size σ → 0 probes exactly the limit continuity is about.
//
// Clipping: with `clip`, x′ is clipped to [low, high], the input domain, so that every x′ is an
// input the model could meet (an image with pixels in range). Methods that rely on the domain need
// it: zᴮ and deep Taylor take their bounds from it and refuse pixels outside. The price: a pixel
// at a bound moves only half the time (MNIST's empty background only brightens), so C(σ) is no
// longer exactly proportional to σ for a linear explanation. Without `clip` it is.
//
// Shapes: inputs N×(sample shape); relevance the inputs' shape; directions (N·M)×(sample shape),
// row n·M + m is ε_nm; curves one value per size.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "explain/methods.hpp"

namespace glassbox::explain {

struct ContinuityOptions {
  std::vector<double> sizes{0.01, 0.02, 0.05, 0.1, 0.2};  // σ, in units of the inputs
  std::size_t draws = 4;                                  // M perturbations per input and size
  std::uint64_t seed = 1;                                 // of the directions ε
  bool clip = false;                                      // x′ clipped to [low, high]
  float low = 0.0f, high = 1.0f;                          // the input domain, when clipped
};

struct ContinuityCurve {
  std::vector<double> sizes;        // σ
  std::vector<double> mean_change;  // C(σ), eq. (4)
  std::vector<double> largest;      // the largest relative change of any pair at σ
  std::size_t skipped = 0;          // inputs left out because ‖R(x_n)‖ = 0
};

// Relevance of a batch of inputs, always for the same classes (those of the unperturbed inputs).
using Explainer = std::function<Tensor(const Tensor& inputs)>;

// ‖R′ − R‖₂ / ‖R‖₂ over d values; NaN when ‖R‖ = 0 (no relative change is defined).
double relative_change(const float* relevance, const float* perturbed, std::size_t d);

// ε: `draws` rows of standard normal noise per input, the same for the same seed.
Tensor perturbation_directions(const Tensor& inputs, std::size_t draws, std::uint64_t seed);

// Eq. (4) at every size for any explanation. Throws ArgumentError for no sizes, a negative or
// non-finite size, no draws, low > high when clipping, an explainer whose relevance does not have
// its inputs' shape, or inputs whose relevance is 0 every one.
ContinuityCurve continuity(const Explainer& explain, const Tensor& inputs,
                           const ContinuityOptions& options = {});

// Eq. (2) for a method by name (methods.hpp), explaining at x′ the classes `choice` explains at x
// (the predicted ones).
ContinuityCurve continuity(Sequential& model, const Tensor& inputs, const MethodChoice& choice,
                           const ContinuityOptions& options = {});

}  // namespace glassbox::explain
