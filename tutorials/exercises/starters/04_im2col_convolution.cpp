// Exercise 4: the convolution as im2col + one matrix product. The page:
// tutorials/exercises/04_im2col_convolution.md. Replace each TODO body.
#include "tutorials/exercises/exercises.hpp"

namespace glassbox::exercises {

Tensor im2col_matrix(const Tensor& image, std::size_t kernel, std::size_t stride,
                     std::size_t padding) {
  // TODO: the (C·k·k)×(OH·OW) matrix of the image's patches, 0 where a patch reads the padding.
  (void)image, (void)kernel, (void)stride, (void)padding;
  throw NotImplemented("exercise 4: im2col_matrix is not implemented yet");
}

Tensor conv2d_im2col(const Tensor& x, const Tensor& weight, const Tensor& bias, std::size_t stride,
                     std::size_t padding) {
  // TODO: per image, W (F×C·k·k) times im2col_matrix(image), plus b; N×F×OH×OW.
  (void)x, (void)weight, (void)bias, (void)stride, (void)padding;
  throw NotImplemented("exercise 4: conv2d_im2col is not implemented yet");
}

}  // namespace glassbox::exercises
