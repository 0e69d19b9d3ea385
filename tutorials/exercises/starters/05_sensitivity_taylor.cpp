// Exercise 5: sensitivity and simple Taylor. The page:
// tutorials/exercises/05_sensitivity_taylor.md. Replace each TODO body.
#include "tutorials/exercises/exercises.hpp"

namespace glassbox::exercises {

Tensor relu_network_gradient(const Tensor& x, const Tensor& w1, const Tensor& b1, const Tensor& w2,
                             const Tensor& b2, std::size_t target) {
  // TODO: ∂f_c/∂x_i = Σ_j W1[i][j] · [h_j > 0] · W2[j][c], with h = x·W1 + b1; N×D.
  (void)x, (void)w1, (void)b1, (void)w2, (void)b2, (void)target;
  throw NotImplemented("exercise 5: relu_network_gradient is not implemented yet");
}

Tensor sensitivity_relevance(const Tensor& gradient) {
  // TODO: R_i = (∂f/∂x_i)².
  (void)gradient;
  throw NotImplemented("exercise 5: sensitivity_relevance is not implemented yet");
}

Tensor simple_taylor_relevance(const Tensor& x, const Tensor& gradient) {
  // TODO: R_i = x_i · ∂f/∂x_i.
  (void)x, (void)gradient;
  throw NotImplemented("exercise 5: simple_taylor_relevance is not implemented yet");
}

}  // namespace glassbox::exercises
