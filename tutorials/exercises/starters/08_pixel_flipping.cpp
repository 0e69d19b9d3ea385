// Exercise 8: pixel flipping on a linear model. The page: tutorials/exercises/08_pixel_flipping.md.
// Replace each TODO body.
#include "tutorials/exercises/exercises.hpp"

namespace glassbox::exercises {

std::vector<std::size_t> flipping_order(const Tensor& relevance) {
  // TODO: the indices 0 … D−1 sorted by relevance, largest first, ties by index.
  (void)relevance;
  throw NotImplemented("exercise 8: flipping_order is not implemented yet");
}

std::vector<float> flipping_curve(const Tensor& x, const Tensor& weight, float bias,
                                  const Tensor& relevance, float replacement,
                                  std::size_t per_step) {
  // TODO: f(x) = w·x + b before any step and after each step of `per_step` replacements.
  (void)x, (void)weight, (void)bias, (void)relevance, (void)replacement, (void)per_step;
  throw NotImplemented("exercise 8: flipping_curve is not implemented yet");
}

double aopc(const std::vector<float>& curve) {
  // TODO: 1/(L + 1) · Σ_k (curve[0] − curve[k]).
  (void)curve;
  throw NotImplemented("exercise 8: aopc is not implemented yet");
}

}  // namespace glassbox::exercises
