// Exercise 3: one step of SGD with momentum. The page: tutorials/exercises/03_sgd_momentum.md.
// Replace the TODO body.
#include "tutorials/exercises/exercises.hpp"

namespace glassbox::exercises {

void sgd_momentum_step(Tensor& weight, Tensor& velocity, const Tensor& gradient,
                       float learning_rate, float momentum) {
  // TODO: v ← μ·v + g, then w ← w − η·v.
  (void)weight, (void)velocity, (void)gradient, (void)learning_rate, (void)momentum;
  throw NotImplemented("exercise 3: sgd_momentum_step is not implemented yet");
}

}  // namespace glassbox::exercises
