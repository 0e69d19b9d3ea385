// Exercise 7: the z⁺ and αβ rules. The page: tutorials/exercises/07_z_plus_alpha_beta.md.
// Replace each TODO body.
#include "tutorials/exercises/exercises.hpp"

namespace glassbox::exercises {

Tensor lrp_z_plus(const Tensor& a, const Tensor& weight, const Tensor& relevance) {
  // TODO: R_i = Σ_j a_i w_ij⁺ / Σ_i a_i w_ij⁺ · R_j.
  (void)a, (void)weight, (void)relevance;
  throw NotImplemented("exercise 7: lrp_z_plus is not implemented yet");
}

Tensor lrp_alpha_beta(const Tensor& a, const Tensor& weight, const Tensor& relevance, float alpha,
                      float beta) {
  // TODO: α · (the z⁺ share) − β · (the same share of the negative contributions a_i w_ij⁻).
  (void)a, (void)weight, (void)relevance, (void)alpha, (void)beta;
  throw NotImplemented("exercise 7: lrp_alpha_beta is not implemented yet");
}

}  // namespace glassbox::exercises
