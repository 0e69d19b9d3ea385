#include "explain/density/gaussian_mixture.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xbuilder.hpp>

#include "framework/blas.hpp"
#include "framework/errors.hpp"

namespace glassbox::explain {
namespace {

constexpr double kLogTwoPi = 1.8378770664093453;

void check_component(const MixtureComponent& component, std::size_t index, std::size_t dimension,
                     CovarianceKind kind) {
  const std::string name = "Gaussian mixture component " + std::to_string(index);
  const std::size_t q = component.directions.shape(0);
  if (component.mean.size() != dimension || component.variances.size() != dimension) {
    throw ArgumentError(name + ": mean and variances must have " + std::to_string(dimension) +
                        " values like component 0's mean");
  }
  if (q > 0 && component.directions.shape(1) != dimension) {
    throw ArgumentError(name + ": directions must have " + std::to_string(dimension) + " values");
  }
  const bool low_rank = kind == CovarianceKind::low_rank;
  if (component.direction_variances.size() != (low_rank ? q : 0) ||
      (kind == CovarianceKind::diagonal && q > 0)) {
    throw ArgumentError(name + ": a " + (low_rank ? "low-rank" : "diagonal or factor") +
                        " component has " + (low_rank ? "one variance per direction" : "") +
                        (kind == CovarianceKind::diagonal ? "no directions" : "") +
                        (kind == CovarianceKind::factor ? "no direction variances" : ""));
  }
  if (!(component.weight > 0.0f)) throw ArgumentError(name + ": the weight must be positive");
  for (float v : component.variances) {
    if (!(v > 0.0f) || !std::isfinite(v)) throw ArgumentError(name + ": variances must be > 0");
  }
  for (float v : component.direction_variances) {
    if (!(v > 0.0f) || !std::isfinite(v)) throw ArgumentError(name + ": variances must be > 0");
  }
  // Σ⁻¹ = diag(1/v) + Σ (1/λ − 1/σ²) u uᵀ holds only when v is σ² in every direction.
  if (low_rank && std::any_of(component.variances.begin(), component.variances.end(),
                              [&](float v) { return v != component.variances(0); })) {
    throw ArgumentError(name + ": a low-rank component needs equal variances v");
  }
}

// The factor form's inverse (see the header): rows b_i = rows of L⁻¹ W V⁻¹, M = I + W V⁻¹ Wᵀ = LLᵀ.
// Returns log det M = 2 Σ log L_ii.
double factor_precision(const MixtureComponent& component, Matrix& rows) {
  const std::size_t q = component.directions.shape(0), d = component.mean.size();
  Matrix scaled = component.directions / component.variances;  // W V⁻¹, q×D
  Matrix m = xt::eye<float>(q);
  gemm(false, true, q, q, d, 1.0f, scaled.data(), component.directions.data(), 1.0f, m.data());
  const Matrix lower = xt::linalg::cholesky(m);
  // xt::linalg::solve_triangular of xtensor-blas 0.20 solves only the first right-hand side, so
  // the general solver (LU, LAPACK's gesv) does this q×q triangular system.
  rows = xt::linalg::solve(lower, scaled);
  double log_determinant = 0.0;
  for (std::size_t i = 0; i < q; ++i) log_determinant += 2.0 * std::log(lower(i, i));
  return log_determinant;
}

}  // namespace

CovarianceKind covariance_kind(const std::string& name) {
  if (name == "diagonal") return CovarianceKind::diagonal;
  if (name == "low-rank") return CovarianceKind::low_rank;
  if (name == "factor") return CovarianceKind::factor;
  throw ArgumentError("covariance must be diagonal, low-rank or factor, got \"" + name + "\"");
}

std::string covariance_name(CovarianceKind kind) {
  switch (kind) {
    case CovarianceKind::diagonal:
      return "diagonal";
    case CovarianceKind::low_rank:
      return "low-rank";
    case CovarianceKind::factor:
      return "factor";
  }
  return "?";
}

GaussianMixture::GaussianMixture(CovarianceKind kind, std::vector<MixtureComponent> components)
    : kind_(kind), components_(std::move(components)) {
  if (components_.empty()) throw ArgumentError("a Gaussian mixture needs a component");
  double total_weight = 0.0;
  for (std::size_t k = 0; k < components_.size(); ++k) {
    const MixtureComponent& component = components_[k];
    check_component(component, k, dimension(), kind_);
    total_weight += component.weight;
    double log_determinant = 0.0;
    for (float v : component.variances) log_determinant += std::log(static_cast<double>(v));
    const std::size_t q = component.directions.shape(0);
    Matrix rows = component.directions;
    Vector weights = Vector::from_shape({q});
    if (kind_ == CovarianceKind::factor && q > 0) {
      log_determinant += factor_precision(component, rows);
      weights.fill(-1.0f);
    }
    if (kind_ == CovarianceKind::low_rank) {
      for (std::size_t i = 0; i < q; ++i) {
        const float lambda = component.direction_variances(i), sigma2 = component.variances(0);
        log_determinant += std::log(static_cast<double>(lambda)) - std::log(sigma2);
        weights(i) = 1.0f / lambda - 1.0f / sigma2;
      }
    }
    log_determinants_.push_back(log_determinant);
    precision_rows_.push_back(std::move(rows));
    precision_weights_.push_back(std::move(weights));
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
    const Matrix& rows = precision_rows_[k];
    const std::size_t q = rows.shape(0);
    // c = x − μ and Σ⁻¹c = c/v + Σ_i a_i (b_iᵀc) b_i, the projections for all samples in one GEMM.
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
      gemm(false, true, samples, q, d, 1.0f, centered.data(), rows.data(), 0.0f,
           projections.data());
      const float* precisions = precision_weights_[k].data();
      for (std::size_t n = 0; n < samples; ++n) {
        float* projection = projections.data() + n * q;
        for (std::size_t i = 0; i < q; ++i) projection[i] *= precisions[i];
      }
      gemm(false, false, samples, d, q, 1.0f, projections.data(), rows.data(), 1.0f, scaled.data());
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
