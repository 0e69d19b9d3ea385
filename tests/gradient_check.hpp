// Finite-difference checks of a layer's backward pass, shared by the layer tests.
//
// The scalar checked is L(x, θ) = Σ r ⊙ layer(x) for a fixed random r, so dL/d(output) = r.
// Each partial derivative is estimated with central differences, (L(v + h) − L(v − h)) / 2h,
// with the sum accumulated in double. The layers compute in float, so the estimate carries a
// rounding error of about ε_float·|L| / h ≈ 1e-7·|L|/h; with h = 1e-2 and |L| ≲ 10 that is ≲ 1e-4,
// hence the default tolerance of 2e-3 (relative to max(1, |gradient|)). Inputs near a kink
// (ReLU at 0, max-pool ties) must be kept at least h away from it by the caller.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "framework/layers/layer.hpp"
#include "framework/shape.hpp"

namespace glassbox::testing {

inline Tensor random_tensor(const Shape& shape, std::uint64_t seed, float low = -1.0f,
                            float high = 1.0f) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> uniform(low, high);
  Tensor t = Tensor::from_shape(shape);
  for (float& v : t) v = uniform(rng);
  return t;
}

inline double weighted_output(Layer& layer, const Tensor& x, const Tensor& weights) {
  const Tensor& y = layer.forward(x);
  double sum = 0.0;
  for (std::size_t i = 0; i < y.size(); ++i)
    sum += static_cast<double>(y.data()[i]) * weights.data()[i];
  return sum;
}

inline void require_close(double numeric, double analytic, double tolerance, const char* what,
                          std::size_t index) {
  const double scale = std::max(1.0, std::abs(analytic));
  INFO(what << "[" << index << "]: numeric " << numeric << ", analytic " << analytic);
  CHECK(std::abs(numeric - analytic) <= tolerance * scale);
}

// Checks dL/dx (unless `check_input` is false: token ids, for one, have no derivative) and dL/dθ
// for every parameter of `layer` at input `x`.
inline void check_gradients(Layer& layer, Tensor x, double step = 1e-2, double tolerance = 2e-3,
                            bool check_input = true) {
  const Tensor& first = layer.forward(x);
  const Tensor r = random_tensor(shape_of(first), 99);
  for (auto& p : layer.parameters()) p.gradient->fill(0.0f);
  layer.forward(x);
  const Tensor input_gradient = layer.backward(r);
  std::vector<Tensor> parameter_gradients;
  for (auto& p : layer.parameters()) parameter_gradients.push_back(*p.gradient);

  const auto h = static_cast<float>(step);
  for (std::size_t i = 0; check_input && i < x.size(); ++i) {
    const float saved = x.data()[i];
    x.data()[i] = saved + h;
    const double plus = weighted_output(layer, x, r);
    x.data()[i] = saved - h;
    const double minus = weighted_output(layer, x, r);
    x.data()[i] = saved;
    require_close((plus - minus) / (2 * step), input_gradient.data()[i], tolerance, "input", i);
  }
  auto parameters = layer.parameters();
  for (std::size_t p = 0; p < parameters.size(); ++p) {
    Tensor& value = *parameters[p].value;
    for (std::size_t i = 0; i < value.size(); ++i) {
      const float saved = value.data()[i];
      value.data()[i] = saved + h;
      const double plus = weighted_output(layer, x, r);
      value.data()[i] = saved - h;
      const double minus = weighted_output(layer, x, r);
      value.data()[i] = saved;
      require_close((plus - minus) / (2 * step), parameter_gradients[p].data()[i], tolerance,
                    parameters[p].name.c_str(), i);
    }
  }
}

// Central differences of loss_of around `values`, entry by entry, against the analytic gradient;
// tolerance as argued above. For what is not a layer: losses, the variational code.
template <typename LossOf>
inline void check_central_differences(const LossOf& loss_of, Tensor values, const Tensor& analytic,
                                      float h) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    const float saved = values.data()[i];
    values.data()[i] = saved + h;
    const double plus = loss_of(values);
    values.data()[i] = saved - h;
    const double minus = loss_of(values);
    values.data()[i] = saved;
    CHECK((plus - minus) / (2 * h) == doctest::Approx(analytic.data()[i]).epsilon(2e-3).scale(1));
  }
}

}  // namespace glassbox::testing
