// Taylor decomposition, docs/math/explanations.md eqs. (2)–(4), and a root point search (9).
//
// First-order Taylor expansion of the logit f_c around a root point x̃:
//
//   f(x) ≈ f(x̃) + Σ_i (x_i − x̃_i) · ∂f/∂x_i |_{x̃},   so   R_i = (x_i − x̃_i) · ∂f/∂x_i |_{x̃}   (eq.
//   3)
//
// and Σ_i R_i = f(x) − f(x̃) holds only to first order: the higher-order terms are lost. It is exact
// when f is linear between x̃ and x.
//
// Simple Taylor decomposition (eq. 4) takes the root point at 0 and the gradient at x:
//
//   R_i = x_i · ∂f/∂x_i |_x
//
// For a ReLU network without biases f(t·x) = t·f(x) for t > 0: f is linear along the ray from 0
// to x and its gradient is the same everywhere on it, so this is eq. (3) with x̃ → 0 and
// Σ_i R_i = f(x) exactly. With biases it is gradient × input, nothing more.
//
// A root point near x (eq. 9): the first point where f_c reaches 0 on a path from x,
//
//   p(t) = clip(x + t·d, low, high),   t* = min { t in [0, 1] : f_c(p(t)) ≤ 0 },   x̃ = p(t*)
//
// with d = r − x for the segment to a reference r, or d along −∇f_c(x) for the way down the
// gradient. f_c is scanned at evenly spaced t and the first interval where it turns ≤ 0 is
// bisected; a root between two scanned points where f dips below 0 and back is missed.
//
// A model that starts with an Embedding is explained on the embedded vectors y with the root at
// y = 0 (the padding vector): R_t = Σ_e y_et · ∂f_c/∂y_et, one value per token
// (embedded_input.hpp). The general decomposition refuses such models: ids have no root point.
//
// Shapes: input and root N×(sample shape) (a root of one sample's shape is used for every sample);
// relevance the same shape as the input; targets N.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "explain/explanation.hpp"
#include "framework/sequential.hpp"

namespace glassbox::explain {

// R_i = x_i · ∂f_c/∂x_i at x (eq. 4). `targets` empty: the predicted classes.
Explanation simple_taylor(Sequential& model, const Tensor& input, const Labels& targets = {});

struct TaylorExplanation : Explanation {
  // f_{c_n}(x̃_n): with `outputs` (= f(x)), Σ R − (f(x) − f(x̃)) is the part the first-order
  // expansion misses.
  std::vector<float> root_outputs;
};

// The root (or baseline) of every sample: `root` itself when it has the input's shape, else one
// sample's root repeated N times. Throws ArgumentError, starting with `what`, for any other shape.
Tensor one_root_per_sample(const Tensor& input, const Tensor& root, const std::string& what);

// R_i = (x_i − x̃_i) · ∂f_c/∂x_i at x̃ (eq. 3). The targets default to the classes predicted for
// the input x (not for the root). Throws ArgumentError when the root has neither the input's shape
// nor one sample's shape.
TaylorExplanation taylor_decomposition(Sequential& model, const Tensor& input, const Tensor& root,
                                       const Labels& targets = {});

struct RootSearch {
  float low = -std::numeric_limits<float>::infinity();  // the box the path is clipped to
  float high = std::numeric_limits<float>::infinity();
  int scan_steps = 64;  // f_c is first evaluated at t = 1/steps, 2/steps, …, 1
  int bisections = 30;  // halvings of the first interval where f_c turns ≤ 0
};

struct RootPoint {
  Tensor points;               // x̃_n = p_n(t*_n), the input's shape
  Labels targets;              // c_n
  std::vector<float> steps;    // t*_n; 1 when not found
  std::vector<float> outputs;  // f_{c_n}(x̃_n): ≤ 0, and 0 to the bisection's precision if found
  std::vector<bool> found;     // false: f_c stays > 0 on the whole path, and x̃_n = p_n(1)
};

// The first root of f_c on each sample's path from x along `direction` (the input's shape),
// eq. (9). `targets` empty: the classes predicted for x. A sample with f_c(x) ≤ 0 is its own root
// (t* = 0). Throws ArgumentError when the direction's shape is not the input's.
RootPoint first_root_on_path(Sequential& model, const Tensor& input, const Tensor& direction,
                             const Labels& targets = {}, const RootSearch& search = {});

}  // namespace glassbox::explain
