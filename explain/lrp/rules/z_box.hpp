// zᴮ-rule, docs/math/lrp.md eq. (9): for inputs known to lie in a box, l_i ≤ x_i ≤ h_i (pixels).
//
//   R_i = Σ_j (x_i w_ij − l_i w_ij⁺ − h_i w_ij⁻) / Σ_i (x_i w_ij − l_i w_ij⁺ − h_i w_ij⁻) · R_j
//
// Every term is ≥ 0 inside the box (w⁺(x − l) + w⁻(x − h)), so inputs may be negative as long as
// the bounds hold. Three terms, one denominator (propagate_terms). The rule has no bias term: the
// biases never enter the denominator, whether biases take relevance elsewhere or not, so the layer
// passes all of R_j to its inputs (docs/math/lrp.md, "zᴮ and the bias").
// Shapes: x N×(sample shape); l and h one value for all features (shape [1]) or one per feature
// (as many entries as one sample, e.g. [1, 28, 28] or [784]).
#pragma once

#include <string>

#include <xtensor/xbuilder.hpp>

#include "explain/lrp/propagate.hpp"
#include "framework/errors.hpp"

namespace glassbox::explain {

struct ZBoxRule {
  ZBoxRule(float low_bound = 0.0f, float high_bound = 1.0f, float stabilizer = 1e-9f)
      : low(xt::xarray<float>({low_bound})),
        high(xt::xarray<float>({high_bound})),
        epsilon(stabilizer) {}
  ZBoxRule(Tensor low_bounds, Tensor high_bounds, float stabilizer = 1e-9f)
      : low(std::move(low_bounds)), high(std::move(high_bounds)), epsilon(stabilizer) {}

  Tensor low;     // l: one value for every feature, or one per feature (as many as one sample has)
  Tensor high;    // h: likewise
  float epsilon;  // stabiliser only: the denominator is ≥ 0 but may be 0
};

// A bound for every entry of the batch: the one value everywhere, or one sample's values repeated
// for each sample (their shape does not matter, so [1, 28, 28] bounds also serve a Dense layer
// after a Flatten).
inline Tensor batch_bounds(const Tensor& bounds, const Tensor& input) {
  const std::size_t per_sample = input.size() / input.shape(0);
  if (bounds.size() != 1 && bounds.size() != per_sample) {
    throw ArgumentError("z-box rule: " + std::to_string(bounds.size()) + " bounds for samples of " +
                        std::to_string(per_sample) + " features (give 1, or one per feature)");
  }
  Tensor batch = Tensor::from_shape(input.shape());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    batch.data()[i] = bounds.data()[bounds.size() == 1 ? 0 : i % per_sample];
  }
  return batch;
}

inline Tensor propagate(const LinearLayer& layer, const Tensor& input, const Tensor& relevance,
                        const ZBoxRule& rule, bool /*with_bias*/) {
  const Tensor low = batch_bounds(rule.low, input);
  const Tensor high = batch_bounds(rule.high, input);
  for (std::size_t i = 0; i < input.size(); ++i) {
    if (input.data()[i] < low.data()[i] || input.data()[i] > high.data()[i]) {
      throw ArgumentError("z-box rule: input " + std::to_string(input.data()[i]) +
                          " lies outside its bounds [" + std::to_string(low.data()[i]) + ", " +
                          std::to_string(high.data()[i]) + "]");
    }
  }
  const Tensor& w = layer.weight();
  return propagate_terms(layer,
                         {{input, w},                   //   x_i w_ij
                          {-low, positive_part(w)},     // − l_i w_ij⁺
                          {-high, negative_part(w)}},   // − h_i w_ij⁻
                         xt::zeros_like(layer.bias()),  // no bias: eq. (9)
                         relevance, rule.epsilon);
}

}  // namespace glassbox::explain
