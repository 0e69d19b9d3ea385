#include "explain/lrp/text_layers.hpp"

#include "framework/layers/max_pool2d.hpp"
#include "framework/shape.hpp"

namespace glassbox::explain {
namespace {

// The same numbers with a trailing axis of length 1: a sequence as an image of width 1.
Tensor as_image(const Tensor& sequence) {
  Tensor image = sequence;
  image.reshape({sequence.shape(0), sequence.shape(1), sequence.shape(2), std::size_t{1}});
  return image;
}

}  // namespace

Tensor conv1d_relevance(const Conv1d& layer, const Tensor& relevance, const Rule& rule,
                        bool with_bias) {
  Tensor result =
      propagate(LinearLayer(layer), as_image(layer.input()), as_image(relevance), rule, with_bias);
  result.reshape(shape_of(layer.input()));
  return result;
}

Tensor max_over_time_relevance(const MaxOverTime& layer, const Tensor& relevance) {
  Tensor result;  // R_in[winner(o)] = R_o
  max_pool2d_backward(relevance, layer.winners(), shape_of(layer.input()), result);
  return result;
}

}  // namespace glassbox::explain
