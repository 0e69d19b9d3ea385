// Exercise 7, a teacher's solution: the z⁺ and αβ rules on a Dense layer, inputs a ≥ 0.
#include "tutorials/exercises/exercises.hpp"

#include <xtensor/xbuilder.hpp>

namespace glassbox::exercises {
namespace {

// R_i = Σ_j a_i ρ(w_ij) / Σ_i a_i ρ(w_ij) · R_j, for ρ keeping one sign of the weights.
template <class Keep>
Tensor share_by(const Tensor& a, const Tensor& weight, const Tensor& relevance, Keep keep) {
  const std::size_t n = a.shape(0), d = a.shape(1), k = weight.shape(1);
  Tensor result = xt::zeros<float>({n, d});
  for (std::size_t s = 0; s < n; ++s)
    for (std::size_t j = 0; j < k; ++j) {
      float z = 0.0f;
      for (std::size_t i = 0; i < d; ++i) z += a(s, i) * keep(weight(i, j));
      if (z == 0.0f) continue;  // nothing to share by: passes on nothing
      for (std::size_t i = 0; i < d; ++i)
        result(s, i) += a(s, i) * keep(weight(i, j)) / z * relevance(s, j);
    }
  return result;
}

}  // namespace

Tensor lrp_z_plus(const Tensor& a, const Tensor& weight, const Tensor& relevance) {
  return share_by(a, weight, relevance, [](float w) { return w > 0.0f ? w : 0.0f; });
}

Tensor lrp_alpha_beta(const Tensor& a, const Tensor& weight, const Tensor& relevance, float alpha,
                      float beta) {
  const Tensor negative =
      share_by(a, weight, relevance, [](float w) { return w < 0.0f ? w : 0.0f; });
  return alpha * lrp_z_plus(a, weight, relevance) - beta * negative;
}

}  // namespace glassbox::exercises
