// Exercise 6, a teacher's solution: LRP-ε on a Dense layer by the four steps.
#include "tutorials/exercises/exercises.hpp"

#include <xtensor/xbuilder.hpp>

namespace glassbox::exercises {

Tensor lrp_epsilon(const Tensor& a, const Tensor& weight, const Tensor& bias,
                   const Tensor& relevance, float epsilon) {
  const std::size_t n = a.shape(0), d = a.shape(1), k = weight.shape(1);
  Tensor result = xt::zeros<float>({n, d});
  for (std::size_t s = 0; s < n; ++s)
    for (std::size_t j = 0; j < k; ++j) {
      float z = bias(j);  // 1. z = a·W + b
      for (std::size_t i = 0; i < d; ++i) z += a(s, i) * weight(i, j);
      const float stabilized = z + (z >= 0.0f ? epsilon : -epsilon);
      const float ratio = stabilized == 0.0f ? 0.0f : relevance(s, j) / stabilized;  // 2. s
      for (std::size_t i = 0; i < d; ++i)
        result(s, i) += a(s, i) * weight(i, j) * ratio;  // 3–4. R_in = a ⊙ (s·Wᵀ)
    }
  return result;
}

}  // namespace glassbox::exercises
