// zᴮ-rule, docs/math/lrp.md eq. (9): for inputs known to lie in a box, l_i ≤ x_i ≤ h_i (pixels).
//
//   R_i = Σ_j (x_i w_ij − l_i w_ij⁺ − h_i w_ij⁻) / Σ_i (x_i w_ij − l_i w_ij⁺ − h_i w_ij⁻) · R_j
//
// Every term is ≥ 0 inside the box (w⁺(x − l) + w⁻(x − h)), so inputs may be negative as long as
// the bounds hold. The three terms share one denominator, so the core's steps run three times
// around one division. With biases, b_j joins the x-term's denominator as in LRP-0.
// Shapes: x N×(sample shape); l and h one value for all features (shape [1]) or one per feature
// (as many entries as one sample, e.g. [1, 28, 28] or [784]).
#pragma once

#include <string>

#include "explain/lrp/propagate.hpp"
#include "explain/lrp/rules/alpha_beta.hpp"  // ZMinusRule
#include "explain/lrp/rules/lrp_zero.hpp"
#include "explain/lrp/rules/z_plus.hpp"
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
                        const ZBoxRule& rule, bool with_bias) {
  const Tensor low = batch_bounds(rule.low, input);
  const Tensor high = batch_bounds(rule.high, input);
  for (std::size_t i = 0; i < input.size(); ++i) {
    if (input.data()[i] < low.data()[i] || input.data()[i] > high.data()[i]) {
      throw ArgumentError("z-box rule: input " + std::to_string(input.data()[i]) +
                          " lies outside its bounds [" + std::to_string(low.data()[i]) + ", " +
                          std::to_string(high.data()[i]) + "] (is the pixel scaling right?)");
    }
  }
  const ModifiedParameters plain = modify(layer, LrpZeroRule{}, with_bias);  // w, b
  const ModifiedParameters positive = modify(layer, ZPlusRule{}, false);     // w⁺
  const ModifiedParameters negative = modify(layer, ZMinusRule{}, false);    // w⁻
  // One denominator for the three terms: z = Σ_i x_i w_ij − l_i w_ij⁺ − h_i w_ij⁻ (+ b_j).
  const Tensor output = modified_forward(layer, plain, input) -
                        modified_forward(layer, positive, low) -
                        modified_forward(layer, negative, high);
  const Tensor ratio = stabilized_divide(relevance, output, rule.epsilon);
  return input * modified_backward(layer, plain, ratio) -
         low * modified_backward(layer, positive, ratio) -
         high * modified_backward(layer, negative, ratio);  // eq. (9)
}

}  // namespace glassbox::explain
