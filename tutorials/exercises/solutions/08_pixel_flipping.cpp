// Exercise 8, a teacher's solution: pixel flipping on a linear model, and AOPC.
#include "tutorials/exercises/exercises.hpp"

#include <algorithm>
#include <numeric>

namespace glassbox::exercises {

std::vector<std::size_t> flipping_order(const Tensor& relevance) {
  std::vector<std::size_t> order(relevance.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t i, std::size_t j) { return relevance(i) > relevance(j); });
  return order;
}

std::vector<float> flipping_curve(const Tensor& x, const Tensor& weight, float bias,
                                  const Tensor& relevance, float replacement,
                                  std::size_t per_step) {
  Tensor flipped = x;
  const auto f = [&] {
    float sum = bias;
    for (std::size_t i = 0; i < flipped.size(); ++i) sum += weight(i) * flipped(i);
    return sum;
  };
  std::vector<float> curve{f()};
  const std::vector<std::size_t> order = flipping_order(relevance);
  for (std::size_t start = 0; start < order.size(); start += per_step) {
    for (std::size_t r = start; r < std::min(start + per_step, order.size()); ++r)
      flipped(order[r]) = replacement;
    curve.push_back(f());
  }
  return curve;
}

double aopc(const std::vector<float>& curve) {
  double drop = 0.0;
  for (const float value : curve) drop += curve[0] - value;
  return drop / static_cast<double>(curve.size());
}

}  // namespace glassbox::exercises
