#include "framework/training/variational_code.hpp"

#include <cmath>
#include <random>

#include "framework/errors.hpp"

namespace glassbox {

const Tensor& VariationalCode::forward(const Tensor& encoded, Rng& rng) {
  if (encoded.dimension() != 2 || encoded.shape(1) % 2 != 0) {
    throw ArgumentError("a variational code needs N×2Z encoder outputs [mean | log-variance]");
  }
  const std::size_t n = encoded.shape(0), z = encoded.shape(1) / 2;
  encoded_ = encoded;
  noise_ = Tensor::from_shape({n, z});
  codes_ = Tensor::from_shape({n, z});
  std::normal_distribution<float> normal(0.0f, 1.0f);
  double kl = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const float* mean = encoded.data() + i * 2 * z;
    const float* log_variance = mean + z;
    float* noise = noise_.data() + i * z;
    float* code = codes_.data() + i * z;
    for (std::size_t j = 0; j < z; ++j) {
      noise[j] = normal(rng);
      code[j] = mean[j] + std::exp(0.5f * log_variance[j]) * noise[j];
      kl += 0.5 * (static_cast<double>(mean[j]) * mean[j] + std::exp(log_variance[j]) - 1.0 -
                   log_variance[j]);
    }
  }
  kl_divergence_ = kl / static_cast<double>(n);
  return codes_;
}

const Tensor& VariationalCode::backward(const Tensor& code_gradient, float kl_weight) {
  const std::size_t n = codes_.shape(0), z = codes_.shape(1);
  if (code_gradient.size() != n * z) {
    throw ArgumentError("a variational code's backward needs the N×Z gradient of its last codes");
  }
  encoded_gradient_ = Tensor::from_shape({n, 2 * z});
  const float per_sample = kl_weight / static_cast<float>(n);
  for (std::size_t i = 0; i < n; ++i) {
    const float* mean = encoded_.data() + i * 2 * z;
    const float* log_variance = mean + z;
    const float* noise = noise_.data() + i * z;
    const float* dz = code_gradient.data() + i * z;
    float* mean_gradient = encoded_gradient_.data() + i * 2 * z;
    float* log_variance_gradient = mean_gradient + z;
    for (std::size_t j = 0; j < z; ++j) {
      const float sigma = std::exp(0.5f * log_variance[j]);
      mean_gradient[j] = dz[j] + per_sample * mean[j];
      log_variance_gradient[j] =
          dz[j] * noise[j] * 0.5f * sigma + per_sample * 0.5f * (sigma * sigma - 1.0f);
    }
  }
  return encoded_gradient_;
}

}  // namespace glassbox
