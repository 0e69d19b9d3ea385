#include "explain/lrp/max_pool.hpp"

#include "explain/lrp/linear_layer.hpp"
#include "explain/lrp/propagate.hpp"
#include "explain/lrp/rules/lrp_zero.hpp"
#include "framework/shape.hpp"

namespace glassbox::explain {

Tensor max_pool_relevance(const MaxPool2d& layer, const Tensor& relevance, MaxPoolMode mode,
                          float epsilon) {
  const Tensor& input = layer.input();
  if (mode == MaxPoolMode::proportional) {
    return propagate(LinearLayer::window_sum(layer), input, relevance, LrpZeroRule{epsilon},
                     false);  // eq. (12b)
  }
  Tensor result;  // eq. (12a): the gradient's routing, R_in[winner(o)] += R_o
  max_pool2d_backward(relevance, layer.winners(), shape_of(input), result);
  return result;
}

}  // namespace glassbox::explain
