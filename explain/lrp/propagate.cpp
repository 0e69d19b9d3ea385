#include "explain/lrp/propagate.hpp"

#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"

namespace glassbox::explain {

Tensor modified_forward(const LinearLayer& layer, const ModifiedParameters& modified,
                        const Tensor& activation) {
  Tensor z;
  layer.forward(activation, modified.weight, modified.bias, z);
  return z;
}

Tensor stabilized_divide(const Tensor& relevance, const Tensor& z, float epsilon) {
  if (relevance.shape() != z.shape()) {
    throw ArgumentError("LRP: the relevance " +
                        shape_to_string(Shape(relevance.shape().begin(), relevance.shape().end())) +
                        " does not have the shape of the layer's output " +
                        shape_to_string(Shape(z.shape().begin(), z.shape().end())));
  }
  Tensor ratio = Tensor::from_shape(z.shape());
  const float* r = relevance.data();
  const float* zs = z.data();
  float* s = ratio.data();
  for (std::size_t i = 0; i < z.size(); ++i) {
    // sign(0) = +1, not 0: the stabiliser exists for z = 0, and with sign(0) = 0 exactly that z
    // would stay 0 and be divided by. With +1 it becomes ε, and the division stays finite.
    const float stabilized = zs[i] + epsilon * (zs[i] >= 0.0f ? 1.0f : -1.0f);
    // Reached only with ε = 0: nothing contributes to this output (every a_i ρ(w_ij) is 0, e.g.
    // the negative part of a layer without negative weights), so it has no one to pass R to.
    s[i] = stabilized == 0.0f ? 0.0f : r[i] / stabilized;
  }
  return ratio;
}

Tensor modified_backward(const LinearLayer& layer, const ModifiedParameters& modified,
                         const Tensor& ratio) {
  Tensor c;
  layer.backward(ratio, modified.weight, c);
  return c;
}

}  // namespace glassbox::explain
