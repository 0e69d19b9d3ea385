// Integrated Gradients (Sundararajan et al. 2017), docs/math/explanations.md eqs. (11)–(12).
//
// Taylor decomposition (eq. 3) takes the gradient at one root point x̃; Integrated Gradients takes
// it all along the straight path from a baseline x̄ to x and averages:
//
//   R_i = (x_i − x̄_i) · ∫₀¹ ∂f_c/∂x_i (x̄ + α(x − x̄)) dα
//       ≈ (x_i − x̄_i) · 1/m · Σ_{k=1..m} ∂f_c/∂x_i (x̄ + α_k(x − x̄)),  α_k = (k − ½)/m   (11)
//
// (the midpoint rule over m steps). The integral is exact, so by the fundamental theorem of
// calculus along the path
//
//   Σ_i R_i = f_c(x) − f_c(x̄)                                                           (12)
//
// up to the error of the sum, which shrinks as m grows (for a ReLU network the gradient jumps
// where the path crosses a kink, so roughly as 1/m). It is simple Taylor with a path instead of a
// root point: if f is linear between x̄ and x, every gradient on the path is the same and (11) is
// eq. (3) at x̃ = x̄.
//
// Baselines: black (the low end of the pixel range, every pixel) or the input blurred by a
// Gaussian of σ pixels (blurred_images): "no evidence" once without the ink, once without the
// edges.
//
// Shapes: input N×(sample shape); baseline the input's shape or one sample's; relevance the
// input's shape; targets N; images for blurring N×C×H×W.
#pragma once

#include "explain/taylor.hpp"

namespace glassbox::explain {

// eq. (11) with m = `steps` gradient evaluations, each one batched pass over the N samples.
// `outputs` are f_c(x), `root_outputs` f_c(x̄): Σ R − (outputs − root_outputs) is the error of
// the sum. `targets` empty: the classes predicted for x. Throws ArgumentError when steps is 0, the
// baseline's shape is wrong, or the model starts with an Embedding (ids have no path).
TaylorExplanation integrated_gradients(Sequential& model, const Tensor& input,
                                       const Tensor& baseline, std::size_t steps,
                                       const Labels& targets = {});

// Each channel of each image convolved with a Gaussian of standard deviation `sigma` pixels
// (truncated at 3σ, the image's edge pixels repeated outward); sigma 0 returns the images.
// Throws ArgumentError for anything but N×C×H×W or a negative sigma.
Tensor blurred_images(const Tensor& images, float sigma);

}  // namespace glassbox::explain
