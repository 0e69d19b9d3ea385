// Exercise 5, a teacher's solution: the gradient of a ReLU network, sensitivity and simple Taylor.
#include "tutorials/exercises/exercises.hpp"

#include <xtensor/xbuilder.hpp>

namespace glassbox::exercises {

Tensor relu_network_gradient(const Tensor& x, const Tensor& w1, const Tensor& b1, const Tensor& w2,
                             const Tensor& /*b2*/, std::size_t target) {
  const std::size_t n = x.shape(0), d = x.shape(1), hidden = w1.shape(1);
  Tensor gradient = xt::zeros<float>({n, d});
  for (std::size_t s = 0; s < n; ++s)
    for (std::size_t j = 0; j < hidden; ++j) {
      float h = b1(j);
      for (std::size_t i = 0; i < d; ++i) h += x(s, i) * w1(i, j);
      if (h <= 0.0f) continue;  // a ReLU that is off passes no gradient
      for (std::size_t i = 0; i < d; ++i) gradient(s, i) += w1(i, j) * w2(j, target);
    }
  return gradient;
}

Tensor sensitivity_relevance(const Tensor& gradient) {
  return gradient * gradient;
}

Tensor simple_taylor_relevance(const Tensor& x, const Tensor& gradient) {
  return x * gradient;
}

}  // namespace glassbox::exercises
