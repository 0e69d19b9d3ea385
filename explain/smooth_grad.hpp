// SmoothGrad (Smilkov et al. 2017), docs/math/explanations.md eq. (16): any gradient method's map,
// averaged over copies of the input with Gaussian noise added,
//
//   R(x) = 1/n · Σ_{k=1..n} M(x + ε_k),        ε_k ~ N(0, σ²·I),  σ = share · (high − low)
//   squared variant: R(x) = 1/n · Σ_k M(x + ε_k)²   (elementwise)                         (16)
//
// where M is the method (the gradient ∂f_c/∂x, gradient × input, integrated gradients, ...) and
// high − low the inputs' range. A gradient map of a ReLU network changes abruptly from one
// linear region to the next; the average over a neighbourhood of x is what makes it look smooth.
// The class explained is the one of x for every noisy copy; the noise is seeded, drawn copy by
// copy, sample by sample, feature by feature, so the same seed gives the same map.
//
// Shapes: input N×(sample shape); relevance the same; targets N.
#pragma once

#include <cstdint>
#include <functional>

#include "explain/explanation.hpp"
#include "framework/sequential.hpp"

namespace glassbox::explain {

// A gradient method M: a map of the input's shape for the given targets (never empty here).
using GradientMethod = std::function<Explanation(Sequential&, const Tensor&, const Labels&)>;

struct SmoothGradOptions {
  std::size_t samples = 16;       // n noisy copies
  float noise = 0.15f;            // σ as a share of the inputs' range high − low
  float low = 0.0f, high = 1.0f;  // the inputs' range
  bool squared = false;           // average M² instead of M
  std::uint64_t seed = 1;
};

// eq. (16); `targets` empty: the classes predicted for x. `outputs` are f_c(x) at the input
// itself. Throws ArgumentError when samples is 0, noise < 0 or low > high, or the model starts
// with an Embedding (token ids take no noise).
Explanation smooth_grad(Sequential& model, const Tensor& input, const GradientMethod& method,
                        const SmoothGradOptions& options = {}, const Labels& targets = {});

// M = ∂f_c/∂x itself, signed: the map SmoothGrad was proposed for.
Explanation logit_gradient_map(Sequential& model, const Tensor& input, const Labels& targets = {});

}  // namespace glassbox::explain
