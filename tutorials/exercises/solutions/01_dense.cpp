// Exercise 1, a teacher's solution: the Dense layer written out from its equations.
#include "tutorials/exercises/exercises.hpp"

#include <xtensor/xbuilder.hpp>

namespace glassbox::exercises {

Tensor dense_forward(const Tensor& x, const Tensor& weight, const Tensor& bias) {
  const std::size_t n = x.shape(0), d = x.shape(1), k = weight.shape(1);
  Tensor y = Tensor::from_shape({n, k});
  for (std::size_t s = 0; s < n; ++s) {
    for (std::size_t j = 0; j < k; ++j) {
      float sum = bias(j);  // y_sj = b_j + Σ_i x_si W_ij
      for (std::size_t i = 0; i < d; ++i) sum += x(s, i) * weight(i, j);
      y(s, j) = sum;
    }
  }
  return y;
}

DenseGradients dense_backward(const Tensor& x, const Tensor& weight,
                              const Tensor& output_gradient) {
  const std::size_t n = x.shape(0), d = x.shape(1), k = weight.shape(1);
  DenseGradients g{xt::zeros<float>({n, d}), xt::zeros<float>({d, k}), xt::zeros<float>({k})};
  for (std::size_t s = 0; s < n; ++s) {
    for (std::size_t j = 0; j < k; ++j) {
      const float dy = output_gradient(s, j);
      g.bias(j) += dy;
      for (std::size_t i = 0; i < d; ++i) {
        g.input(s, i) += dy * weight(i, j);  // dy·Wᵀ
        g.weight(i, j) += x(s, i) * dy;      // xᵀ·dy
      }
    }
  }
  return g;
}

}  // namespace glassbox::exercises
