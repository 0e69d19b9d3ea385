// A Gaussian mixture density over flattened inputs, p(x) = Σ_k π_k N(x; μ_k, Σ_k), with the log
// density and its gradient: the "expert" of activation maximization
// (docs/math/activation_maximization.md, eqs. 5–7).
//
// Shapes: D numbers per sample (MNIST: 784), N samples, K components, q directions per component.
//
// Each covariance is stored as what its component needs to evaluate N(x; μ, Σ):
//   diagonal   Σ = diag(v)                      (q = 0)
//   low-rank   Σ = σ² I + Σ_i (λ_i − σ²) u_i u_iᵀ  with v = σ²·1 and orthonormal u_1 … u_q:
//              variance λ_i along u_i, σ² in every other direction (probabilistic PCA)
//   factor     Σ = diag(v) + Σ_i w_i w_iᵀ  with any w_1 … w_q (no λ_i): low-rank plus diagonal,
//              the covariance of factor analysis
// Its inverse then has the same shape, diag(1/v) + Σ_i a_i b_i b_iᵀ, which is why the log density
// costs N·D·q, not N·D²:
//   low-rank   b_i = u_i, a_i = 1/λ_i − 1/σ²,   log det Σ = Σ_j log v_j + Σ_i (log λ_i − log σ²)
//   factor     by Woodbury, with the q×q matrix M = I + W V⁻¹ Wᵀ = L Lᵀ (Cholesky, LAPACK through
//              xt::linalg::cholesky) and W the q×D matrix of rows w_i:
//              b_i the rows of L⁻¹ W V⁻¹ (a triangular solve), a_i = −1,
//              log det Σ = Σ_j log v_j + 2 Σ_i log L_ii
//   log N(x; μ, Σ) = −½ (D log 2π + log det Σ + (x − μ)ᵀ Σ⁻¹ (x − μ))
//   ∇_x log p(x) = −Σ_k γ_k(x) Σ_k⁻¹ (x − μ_k),   γ_k(x) = π_k N(x; μ_k, Σ_k) / p(x).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "framework/tensor.hpp"

namespace glassbox::explain {

enum class CovarianceKind { diagonal, low_rank, factor };

// "diagonal", "low-rank", "factor" ↔ the kind; ArgumentError for another name.
CovarianceKind covariance_kind(const std::string& name);
std::string covariance_name(CovarianceKind kind);

struct MixtureComponent {
  float weight = 0.0f;         // π_k
  Vector mean;                 // μ_k, D
  Vector variances;            // v, D (low-rank: all equal to σ²)
  Matrix directions;           // u_i or w_i as rows, q×D; 0×D for a diagonal component
  Vector direction_variances;  // low-rank: λ_i, q; otherwise empty
};

class GaussianMixture {
 public:
  GaussianMixture() = default;
  // Checks shapes (every mean and variance of size D, positive variances, weights summing to 1
  // within 1e-3, isotropic v where there are directions); throws ArgumentError otherwise.
  GaussianMixture(CovarianceKind kind, std::vector<MixtureComponent> components);

  CovarianceKind kind() const { return kind_; }
  std::size_t dimension() const { return components_.empty() ? 0 : components_[0].mean.size(); }
  const std::vector<MixtureComponent>& components() const { return components_; }

  // log π_k + log N(x_n; μ_k, Σ_k) for every sample and component: N×K, x is N×D. With
  // `precision_times_centered`, also Σ_k⁻¹ (x_n − μ_k) for every k (K matrices of N×D).
  xt::xtensor<double, 2> component_log_densities(
      const Matrix& x, std::vector<Matrix>* precision_times_centered = nullptr) const;

  // log p(x_n), N values, x N×D.
  std::vector<double> log_density(const Matrix& x) const;

  // log p(x_n) and, in `gradient` (resized to N×D), ∇_x log p(x_n).
  std::vector<double> log_density_gradient(const Matrix& x, Matrix& gradient) const;

 private:
  CovarianceKind kind_ = CovarianceKind::diagonal;
  std::vector<MixtureComponent> components_;
  std::vector<double> log_determinants_;   // log det Σ_k
  std::vector<Matrix> precision_rows_;     // b_i of component k as rows, q×D
  std::vector<Vector> precision_weights_;  // a_i of component k
};

// log Σ_k exp(values[n][k]) for every row, computed stably (the largest term factored out).
std::vector<double> log_sum_exp_rows(const xt::xtensor<double, 2>& values);

}  // namespace glassbox::explain
