// Exercise 3, a teacher's solution: one step of SGD with momentum.
#include "tutorials/exercises/exercises.hpp"

namespace glassbox::exercises {

void sgd_momentum_step(Tensor& weight, Tensor& velocity, const Tensor& gradient,
                       float learning_rate, float momentum) {
  velocity = momentum * velocity + gradient;   // v ← μ·v + g
  weight = weight - learning_rate * velocity;  // w ← w − η·v
}

}  // namespace glassbox::exercises
