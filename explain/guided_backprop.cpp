#include "explain/guided_backprop.hpp"

#include "explain/embedded_input.hpp"
#include "explain/gradient.hpp"
#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"

namespace glassbox::explain {

Explanation relu_rule_backward(Sequential& model, const Tensor& input, ReluRule rule,
                               const Labels& targets) {
  if (starts_with_embedding(model)) {
    throw ArgumentError(
        "guided backprop and deconvnet explain images or feature vectors; token ids have no "
        "input signal (use sensitivity, taylor or lrp for a text model)");
  }
  const BackwardStep relu_step = [rule](const Layer& layer, const Tensor& output_gradient,
                                        Tensor& input_gradient) {
    if (rule == ReluRule::gradient || layer.type() != "ReLU") return false;
    const Tensor& x = layer.input();
    resize_if_needed(input_gradient, shape_of(x));
    const float* a = x.data();
    const float* g = output_gradient.data();
    float* back = input_gradient.data();
    const std::size_t size = x.size();
    if (rule == ReluRule::deconvnet) {  // eq. (14)
      for (std::size_t i = 0; i < size; ++i) back[i] = g[i] > 0.0f ? g[i] : 0.0f;
    } else {  // eq. (15)
      for (std::size_t i = 0; i < size; ++i) back[i] = g[i] > 0.0f && a[i] > 0.0f ? g[i] : 0.0f;
    }
    return true;
  };
  LogitGradient signal = modified_logit_gradient(model, input, targets, relu_step);
  return {std::move(signal.gradient), std::move(signal.targets), std::move(signal.outputs)};
}

}  // namespace glassbox::explain
