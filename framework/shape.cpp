#include "framework/shape.hpp"

#include <vector>

#include "framework/join.hpp"

namespace glassbox {

Shape shape_of(const Tensor& tensor) {
  return Shape(tensor.shape().begin(), tensor.shape().end());
}

std::string shape_to_string(const Shape& shape) {
  std::vector<std::string> sizes;
  for (const std::size_t size : shape) sizes.push_back(std::to_string(size));
  return "[" + join(sizes) + "]";
}

}  // namespace glassbox
