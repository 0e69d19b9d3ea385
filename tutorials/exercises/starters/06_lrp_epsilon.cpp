// Exercise 6: the LRP-ε rule by the four steps. The page: tutorials/exercises/06_lrp_epsilon.md.
// Replace the TODO body.
#include "tutorials/exercises/exercises.hpp"

namespace glassbox::exercises {

Tensor lrp_epsilon(const Tensor& a, const Tensor& weight, const Tensor& bias,
                   const Tensor& relevance, float epsilon) {
  // TODO: 1. z = a·W + b   2. s = R ⊘ (z + ε·sign(z))   3. c = s·Wᵀ   4. R_in = a ⊙ c.
  (void)a, (void)weight, (void)bias, (void)relevance, (void)epsilon;
  throw NotImplemented("exercise 6: lrp_epsilon is not implemented yet");
}

}  // namespace glassbox::exercises
