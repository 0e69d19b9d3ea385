// Small helpers that layers share for checking and sizing batch tensors.
#pragma once

#include <string>

#include "framework/shape.hpp"  // shape_of, shape_to_string
#include "framework/tensor.hpp"

namespace glassbox {

// Throws ArgumentError naming `layer` unless `batch` is N×(sample_shape) for some N ≥ 1.
void require_shape(const std::string& layer, const Tensor& batch, const Shape& sample_shape);

// Gives `tensor` the shape `shape`, reallocating only when the element count changes.
void resize_if_needed(Tensor& tensor, const Shape& shape);

}  // namespace glassbox
