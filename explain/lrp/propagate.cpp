#include "explain/lrp/propagate.hpp"

#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"

namespace glassbox::explain {

Tensor modified_forward(const LinearLayer& layer, const ModifiedParameters& modified,
                        const Tensor& activation) {
  Tensor output;
  layer.forward(activation, modified.weight, modified.bias, output);
  return output;
}

Tensor stabilized_divide(const Tensor& relevance, const Tensor& output, float epsilon) {
  if (relevance.shape() != output.shape()) {
    throw ArgumentError("LRP: the relevance " +
                        shape_to_string(Shape(relevance.shape().begin(), relevance.shape().end())) +
                        " does not have the shape of the layer's output " +
                        shape_to_string(Shape(output.shape().begin(), output.shape().end())));
  }
  Tensor ratio = Tensor::from_shape(output.shape());
  for (std::size_t j = 0; j < output.size(); ++j) {
    const float value = output.data()[j];
    // sign(0) = +1, not 0: the stabiliser exists for z = 0, and with sign(0) = 0 exactly that z
    // would stay 0 and be divided by. With +1 it becomes ε, and the division stays finite.
    const float stabilized = value + epsilon * (value >= 0.0f ? 1.0f : -1.0f);
    // Reached only with ε = 0: nothing contributes to this output (every a_i ρ(w_ij) is 0, e.g.
    // the negative part of a layer without negative weights), so it has no one to pass R to.
    ratio.data()[j] = stabilized == 0.0f ? 0.0f : relevance.data()[j] / stabilized;
  }
  return ratio;
}

Tensor modified_backward(const LinearLayer& layer, const ModifiedParameters& modified,
                         const Tensor& ratio) {
  Tensor gradient;
  layer.backward(ratio, modified.weight, gradient);
  return gradient;
}

}  // namespace glassbox::explain
