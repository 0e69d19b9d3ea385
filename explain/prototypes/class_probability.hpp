// The class term of activation maximization: log p(c|x), the log-softmax of the model's logits,
// and its gradient with respect to the input (docs/math/activation_maximization.md, eq. 2):
//   log p(c|x) = f_c(x) − log Σ_k exp f_k(x)
//   ∇_x log p(c|x) = Σ_k (δ_ck − p(k|x)) ∇_x f_k(x)
// The sum over k is one backward pass from the output gradient e_c − p(·|x).
//
// Shapes: inputs N×(the model's sample shape), logits N×K, classes N.
#pragma once

#include <vector>

#include "framework/sequential.hpp"

namespace glassbox::explain {

struct ClassLogProbability {
  std::vector<double> log_probabilities;  // log p(c_n|x_n)
  std::vector<double> probabilities;      // p(c_n|x_n)
  Tensor gradient;  // ∇_x log p(c_n|x_n), the inputs' shape; empty if not asked
};

// Runs the model in evaluation mode. Prototype searches own the model they run: its parameter
// gradients are left at zero. Throws ArgumentError for a class outside [0, K) or N ≠ classes.
ClassLogProbability class_log_probability(Sequential& model, const Tensor& inputs,
                                          const Labels& classes, bool with_gradient = true);

}  // namespace glassbox::explain
