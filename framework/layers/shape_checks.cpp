#include "framework/layers/shape_checks.hpp"

#include <algorithm>

#include "framework/errors.hpp"

namespace glassbox {

void require_shape(const std::string& layer, const Tensor& batch, const Shape& sample_shape) {
  const Shape actual = shape_of(batch);
  const bool ok = actual.size() == sample_shape.size() + 1 && actual[0] > 0 &&
                  std::equal(sample_shape.begin(), sample_shape.end(), actual.begin() + 1);
  if (!ok) {
    Shape expected{0};
    expected.insert(expected.end(), sample_shape.begin(), sample_shape.end());
    std::string wanted = shape_to_string(expected);
    wanted.replace(1, 1, "N");
    throw ArgumentError(layer + " expects a batch of shape " + wanted + ", got " +
                        shape_to_string(actual));
  }
}

void resize_if_needed(Tensor& tensor, const Shape& shape) {
  if (!std::equal(shape.begin(), shape.end(), tensor.shape().begin(), tensor.shape().end())) {
    tensor.resize(shape);
  }
}

}  // namespace glassbox
