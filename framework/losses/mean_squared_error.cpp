#include "framework/losses/mean_squared_error.hpp"

#include <xtensor/xnoalias.hpp>
#include <xtensor/xreducer.hpp>

#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"

namespace glassbox {

float MeanSquaredError::forward(const Tensor& predictions, const Tensor& targets) {
  const Shape shape(predictions.shape().begin(), predictions.shape().end());
  if (shape != shape_of(targets) || predictions.size() == 0) {
    throw ArgumentError("mean squared error needs predictions and targets of one shape, got " +
                        shape_to_string(shape) + " and " + shape_to_string(shape_of(targets)));
  }
  const float count = static_cast<float>(predictions.size());
  resize_if_needed(gradient_, shape);
  xt::noalias(gradient_) = predictions - targets;
  const double sum_of_squares =
      xt::sum(gradient_ * gradient_, xt::evaluation_strategy::immediate)();
  gradient_ *= 2.0f / count;
  return static_cast<float>(sum_of_squares / count);
}

}  // namespace glassbox
