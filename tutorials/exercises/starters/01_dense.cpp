// Exercise 1: a Dense layer, forward and backward. The page: tutorials/exercises/01_dense.md.
// Replace each TODO body; grade with scripts/grade_exercises.sh FOLDER.
#include "tutorials/exercises/exercises.hpp"

namespace glassbox::exercises {

Tensor dense_forward(const Tensor& x, const Tensor& weight, const Tensor& bias) {
  // TODO: y = x·W + b, N×K.
  (void)x, (void)weight, (void)bias;
  throw NotImplemented("exercise 1: dense_forward is not implemented yet");
}

DenseGradients dense_backward(const Tensor& x, const Tensor& weight,
                              const Tensor& output_gradient) {
  // TODO: dL/dx = dy·Wᵀ, dL/dW = xᵀ·dy, dL/db = Σ_n dy.
  (void)x, (void)weight, (void)output_gradient;
  throw NotImplemented("exercise 1: dense_backward is not implemented yet");
}

}  // namespace glassbox::exercises
