// Mean squared error over every element: L = (1/M) Σ_i (y_i − t_i)², M the element count.
// Gradient: dL/dy = 2 (y − t) / M. Predictions and targets have the same shape (any rank).
#pragma once

#include "framework/tensor.hpp"

namespace glassbox {

class MeanSquaredError {
 public:
  float forward(const Tensor& predictions, const Tensor& targets);
  const Tensor& backward() const { return gradient_; }

 private:
  Tensor gradient_;
};

}  // namespace glassbox
