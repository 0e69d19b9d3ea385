// Deep Taylor decomposition, docs/math/explanations.md eqs. (5)–(8): LRP whose rule for each layer
// follows from a Taylor expansion at a root point chosen in the domain of that layer's inputs.
//
//   inputs of the layer                  root point search        rule
//   a ≥ 0 (ReLU outputs)                 along w⁺ within R⁺       z⁺  (docs/math/lrp.md eq. 7)
//   l ≤ x ≤ h (pixels, Tanh, Sigmoid)    within the box           zᴮ  (eq. 9)
//   real-valued, unbounded               along w                  w²  (eq. 10)
//
// The domain of the model's input is given; after it, each layer's domain is read off the layer
// before: ReLU gives a ≥ 0, Sigmoid [0, 1], Tanh [−1, 1], Dense and Conv2d unbounded values, and
// pooling, Flatten and Dropout keep the domain they receive (sum pooling scales the bounds by k²).
//
// Shapes: as lrp.hpp.
#pragma once

#include "explain/lrp/lrp.hpp"

namespace glassbox::explain {

struct InputDomain {
  enum class Kind { nonnegative, bounded, unbounded };
  Kind kind = Kind::bounded;
  float low = 0.0f, high = 1.0f;  // Kind::bounded only

  // Pixels: [0, 1] for unit scaling, [−1, 1] for symmetric scaling.
  static InputDomain pixels(float low = 0.0f, float high = 1.0f) {
    return {Kind::bounded, low, high};
  }
  static InputDomain nonnegative() { return {Kind::nonnegative, 0.0f, 0.0f}; }
  static InputDomain real() { return {Kind::unbounded, 0.0f, 0.0f}; }
};

// One entry per Dense, Conv2d and AvgPool2d layer, by position, with the rule of its input domain.
Composite deep_taylor_composite(const Sequential& model, const InputDomain& input_domain);

// lrp() with deep_taylor_composite(model, input_domain).
LrpExplanation deep_taylor(Sequential& model, const Tensor& input, const Labels& targets,
                           const InputDomain& input_domain, const LrpOptions& options = {});

}  // namespace glassbox::explain
