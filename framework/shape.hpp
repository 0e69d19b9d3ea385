// A tensor's shape as a value to compare and as text for error messages.
#pragma once

#include <string>

#include "framework/tensor.hpp"

namespace glassbox {

// The shape of `tensor` as a Shape, batch axis included (xtensor's own shape type cannot be
// compared with a Shape directly).
Shape shape_of(const Tensor& tensor);

// "[1, 28, 28]"
std::string shape_to_string(const Shape& shape);

}  // namespace glassbox
