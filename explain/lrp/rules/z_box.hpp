// zᴮ-rule, docs/math/lrp.md eq. (9): for inputs known to lie in a box, l_i ≤ x_i ≤ h_i (pixels).
//
//   R_i = Σ_j (x_i w_ij − l_i w_ij⁺ − h_i w_ij⁻) / Σ_i (x_i w_ij − l_i w_ij⁺ − h_i w_ij⁻) · R_j
//
// Every term is ≥ 0 inside the box (w⁺(x − l) + w⁻(x − h)), so inputs may be negative as long as
// the bounds hold. The three terms share one denominator, so the core's steps run three times
// around one division. With biases, b_j joins the x-term's denominator as in LRP-0.
// Shapes: x N×(sample shape); l and h one value for all features (shape [1]) or one per feature
// (one sample's shape, no batch axis).
#pragma once

#include <string>

#include <xtensor/xbroadcast.hpp>

#include "explain/lrp/propagate.hpp"
#include "explain/lrp/rules/alpha_beta.hpp"  // ZMinusRule
#include "explain/lrp/rules/lrp_zero.hpp"
#include "explain/lrp/rules/z_plus.hpp"
#include "framework/errors.hpp"

namespace glassbox::explain {

struct ZBoxRule {
  ZBoxRule(float low_bound = 0.0f, float high_bound = 1.0f, float stabilizer = 1e-9f)
      : low(xt::xarray<float>::from_shape({1})), high(low), epsilon(stabilizer) {
    low.data()[0] = low_bound;
    high.data()[0] = high_bound;
  }
  ZBoxRule(Tensor low_bounds, Tensor high_bounds, float stabilizer = 1e-9f)
      : low(std::move(low_bounds)), high(std::move(high_bounds)), epsilon(stabilizer) {}

  Tensor low;   // l
  Tensor high;  // h
  float epsilon;  // stabiliser only: the denominator is ≥ 0 but may be 0
};

inline Tensor propagate(const LinearLayer& layer, const Tensor& input, const Tensor& relevance,
                        const ZBoxRule& rule, bool with_bias) {
  const Tensor low = xt::broadcast(rule.low, input.shape());
  const Tensor high = xt::broadcast(rule.high, input.shape());
  for (std::size_t i = 0; i < input.size(); ++i) {
    if (input.data()[i] < low.data()[i] || input.data()[i] > high.data()[i]) {
      throw ArgumentError("z-box rule: input " + std::to_string(input.data()[i]) +
                          " lies outside its bounds [" + std::to_string(low.data()[i]) + ", " +
                          std::to_string(high.data()[i]) + "] (is the pixel scaling right?)");
    }
  }
  const ModifiedParameters plain = modify(layer, LrpZeroRule{}, with_bias);     // w, b
  const ModifiedParameters positive = modify(layer, ZPlusRule{}, false);        // w⁺
  const ModifiedParameters negative = modify(layer, ZMinusRule{}, false);       // w⁻
  const Tensor z = modified_forward(layer, plain, input) - modified_forward(layer, positive, low) -
                   modified_forward(layer, negative, high);
  const Tensor s = stabilized_divide(relevance, z, rule.epsilon);
  return input * modified_backward(layer, plain, s) - low * modified_backward(layer, positive, s) -
         high * modified_backward(layer, negative, s);  // eq. (9)
}

}  // namespace glassbox::explain
