#include "explain/density/gaussian_mixture.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "framework/blas.hpp"
#include "framework/errors.hpp"

namespace glassbox::explain {
namespace {

constexpr double kLogTwoPi = 1.8378770664093453;

void check_component(const MixtureComponent& component, std::size_t index, std::size_t dimension) {
  const std::string name = "Gaussian mixture component " + std::to_string(index);
  const std::size_t q = component.direction_variances.size();
  if (component.mean.size() != dimension || component.variances.size() != dimension) {
    throw ArgumentError(name + ": mean and variances must have " + std::to_string(dimension) +
                        " values like component 0's mean");
  }
  if (component.directions.shape(0) != q || (q > 0 && component.directions.shape(1) != dimension)) {
    throw ArgumentError(name + ": needs one direction of " + std::to_string(dimension) +
                        " values per direction variance");
  }
  if (!(component.weight > 0.0f)) throw ArgumentError(name + ": the weight must be positive");
  for (float v : component.variances) {
    if (!(v > 0.0f) || !std::isfinite(v)) throw ArgumentError(name + ": variances must be > 0");
  }
  for (float v : component.direction_variances) {
    if (!(v > 0.0f) || !std::isfinite(v)) throw ArgumentError(name + ": variances must be > 0");
  }
  // Σ⁻¹ = diag(1/v) + Σ (1/λ − 1/σ²) u uᵀ holds only when v is σ² in every direction.
  if (q > 0 && std::any_of(component.variances.begin(), component.variances.end(),
                           [&](float v) { return v != component.variances(0); })) {
    throw ArgumentError(name + ": a component with directions needs equal variances v");
  }
}

}  // namespace

GaussianMixture::GaussianMixture(CovarianceKind kind, std::vector<MixtureComponent> components)
    : kind_(kind), components_(std::move(components)) {
  if (components_.empty()) throw ArgumentError("a Gaussian mixture needs a component");
  double total_weight = 0.0;
  for (std::size_t k = 0; k < components_.size(); ++k) {
    const MixtureComponent& component = components_[k];
    check_component(component, k, dimension());
    total_weight += component.weight;
    double log_determinant = 0.0;
    for (float v : component.variances) log_determinant += std::log(static_cast<double>(v));
    Vector precisions = Vector::from_shape({component.direction_variances.size()});
    for (std::size_t i = 0; i < precisions.size(); ++i) {
      const float lambda = component.direction_variances(i), sigma2 = component.variances(0);
      log_determinant += std::log(static_cast<double>(lambda)) - std::log(sigma2);
      precisions(i) = 1.0f / lambda - 1.0f / sigma2;
    }
    log_determinants_.push_back(log_determinant);
    direction_precisions_.push_back(precisions);
  }
  if (std::abs(total_weight - 1.0) > 1e-3) {
    throw ArgumentError("Gaussian mixture weights sum to " + std::to_string(total_weight) +
                        ", not 1");
  }
}

xt::xtensor<double, 2> GaussianMixture::component_log_densities(
    const Matrix& x, std::vector<Matrix>* precision_times_centered) const {
  const std::size_t samples = x.shape(0), d = dimension();
  if (x.dimension() != 2 || x.shape(1) != d) {
    throw ArgumentError("Gaussian mixture: samples must have " + std::to_string(d) + " values");
  }
  xt::xtensor<double, 2> result = xt::xtensor<double, 2>::from_shape({samples, components_.size()});
  if (precision_times_centered) precision_times_centered->assign(components_.size(), Matrix());
  Matrix centered = Matrix::from_shape({samples, d});
  Matrix scaled = Matrix::from_shape({samples, d});
  for (std::size_t k = 0; k < components_.size(); ++k) {
    const MixtureComponent& component = components_[k];
    const std::size_t q = component.direction_variances.size();
    // c = x − μ and Σ⁻¹c = c/v + Σ_i a_i (u_iᵀc) u_i, the projections for all samples in one GEMM.
    const float* mean = component.mean.data();
    const float* variances = component.variances.data();
    for (std::size_t n = 0; n < samples; ++n) {
      const float* row = x.data() + n * d;
      float* c = centered.data() + n * d;
      float* s = scaled.data() + n * d;
      for (std::size_t j = 0; j < d; ++j) {
        c[j] = row[j] - mean[j];
        s[j] = c[j] / variances[j];
      }
    }
    if (q > 0) {
      Matrix projections = Matrix::from_shape({samples, q});
      gemm(false, true, samples, q, d, 1.0f, centered.data(), component.directions.data(), 0.0f,
           projections.data());
      const float* precisions = direction_precisions_[k].data();
      for (std::size_t n = 0; n < samples; ++n) {
        float* projection = projections.data() + n * q;
        for (std::size_t i = 0; i < q; ++i) projection[i] *= precisions[i];
      }
      gemm(false, false, samples, d, q, 1.0f, projections.data(), component.directions.data(), 1.0f,
           scaled.data());
    }
    const double constant = std::log(static_cast<double>(component.weight)) -
                            0.5 * (static_cast<double>(d) * kLogTwoPi + log_determinants_[k]);
    for (std::size_t n = 0; n < samples; ++n) {
      const float* c = centered.data() + n * d;
      const float* s = scaled.data() + n * d;
      double mahalanobis = 0.0;
      for (std::size_t j = 0; j < d; ++j) mahalanobis += static_cast<double>(c[j]) * s[j];
      result(n, k) = constant - 0.5 * mahalanobis;
    }
    if (precision_times_centered) (*precision_times_centered)[k] = scaled;
  }
  return result;
}

std::vector<double> log_sum_exp_rows(const xt::xtensor<double, 2>& values) {
  std::vector<double> sums(values.shape(0));
  for (std::size_t n = 0; n < values.shape(0); ++n) {
    const double* row = values.data() + n * values.shape(1);
    const double largest = *std::max_element(row, row + values.shape(1));
    double total = 0.0;
    for (std::size_t k = 0; k < values.shape(1); ++k) total += std::exp(row[k] - largest);
    sums[n] = largest + std::log(total);
  }
  return sums;
}

std::vector<double> GaussianMixture::log_density(const Matrix& x) const {
  return log_sum_exp_rows(component_log_densities(x));
}

std::vector<double> GaussianMixture::log_density_gradient(const Matrix& x, Matrix& gradient) const {
  std::vector<Matrix> precision_times_centered;
  const xt::xtensor<double, 2> terms = component_log_densities(x, &precision_times_centered);
  const std::vector<double> log_p = log_sum_exp_rows(terms);
  const std::size_t samples = x.shape(0), d = dimension();
  gradient = xt::zeros<float>({samples, d});
  // ∇ log p = −Σ_k γ_k Σ_k⁻¹ (x − μ_k), with the responsibility γ_k = exp(term_k − log p).
  for (std::size_t k = 0; k < components_.size(); ++k) {
    for (std::size_t n = 0; n < samples; ++n) {
      const auto responsibility = static_cast<float>(std::exp(terms(n, k) - log_p[n]));
      if (responsibility == 0.0f) continue;
      const float* s = precision_times_centered[k].data() + n * d;
      float* g = gradient.data() + n * d;
      for (std::size_t j = 0; j < d; ++j) g[j] -= responsibility * s[j];
    }
  }
  return log_p;
}

}  // namespace glassbox::explain
