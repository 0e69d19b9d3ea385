// Deep Taylor decomposition, docs/math/explanations.md eqs. (5)–(8): LRP whose rule for each layer
// follows from a Taylor expansion at a root point chosen in the domain of that layer's inputs.
//
//   inputs of the layer                  root point search        rule
//   a ≥ 0 (ReLU outputs)                 along w⁺ within R⁺       z⁺  (docs/math/lrp.md eq. 7)
//   l ≤ x ≤ h (pixels, Tanh, Sigmoid)    within the box           zᴮ  (eq. 9)
//   real-valued, unbounded               along w                  w²  (eq. 10)
//
// The domain of the model's input is given; after it, each layer's domain is read off the layer
// before: ReLU gives a ≥ 0, Sigmoid [0, 1], Tanh [−1, 1], Dense, Conv2d, Conv1d and Embedding
// unbounded values, and pooling (max over time included), Flatten and Dropout keep the domain they
// receive (sum pooling scales the bounds by k²). The branches of a Parallel layer get composites
// of their own, from the domain of the Parallel layer's input; a text CNN thus gets w² on its
// convolutions (they read embedded vectors) and z⁺ on its dense layer (it reads ReLU maxima).
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

// One entry per Dense, Conv2d, Conv1d and AvgPool2d layer, by position, with the rule of its
// input domain, and one composite per branch of each Parallel layer. For a model that starts with
// an Embedding layer, `input_domain` is not read (ids are not quantities).
Composite deep_taylor_composite(const Sequential& model, const InputDomain& input_domain);

// lrp() with deep_taylor_composite(model, input_domain).
LrpExplanation deep_taylor(Sequential& model, const Tensor& input, const Labels& targets,
                           const InputDomain& input_domain, const LrpOptions& options = {});

}  // namespace glassbox::explain
