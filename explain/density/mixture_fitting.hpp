// Fitting a Gaussian mixture (gaussian_mixture.hpp) to samples by expectation-maximization
// (docs/math/activation_maximization.md, eqs. 8–10).
//
// Shapes: data N×D (N samples of D numbers), K components, q directions per low-rank component.
//
// E-step: responsibilities r_nk = π_k N(x_n; μ_k, Σ_k) / p(x_n).
// M-step, with N_k = Σ_n r_nk:  π_k = N_k / N,  μ_k = Σ_n r_nk x_n / N_k,
//   S_k = Σ_n r_nk (x_n − μ_k)(x_n − μ_k)ᵀ / N_k, and Σ_k the most likely covariance of the chosen
//   kind given S_k, with every variance at least the floor σ²_min:
//   diagonal  v_j = max(S_k,jj, σ²_min)
//   low-rank  u_i, ℓ_i = the q leading eigenvectors and eigenvalues of S_k (LAPACK through
//             xt::linalg::eigh), σ² = max(mean of the other D − q eigenvalues, σ²_min),
//             λ_i = max(ℓ_i, σ²_min)   (probabilistic PCA, Tipping & Bishop 1999)
//   factor    not in closed form: three updates of factor analysis on S_k from the component's
//             last covariance (the first time from its low-rank fit), each raising the expected
//             log-likelihood, which keeps EM monotone (a generalised EM)
// The floor is the regulariser: MNIST's border pixels are 0 in every image, and without it their
// variance, hence the density, would be degenerate. Because each M-step maximises the expected
// log-likelihood within the floored family, EM never decreases the log-likelihood.
//
// Start: every sample given wholly to one component, then M-step, E-step, … until the mean
// log-likelihood per sample gains less than `tolerance` or `iterations` M-steps have run. The
// first assignment is given (e.g. the class labels: one component per class to begin with, which
// EM is then free to reshape), or else made by k-means++: K means picked from the data, each next
// one drawn with probability ∝ its squared distance to the nearest one already picked (from a
// seeded generator), and every sample given to its nearest mean.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "explain/density/gaussian_mixture.hpp"

namespace glassbox::explain {

struct MixtureSettings {
  std::size_t components = 10;  // K
  CovarianceKind kind = CovarianceKind::factor;
  std::size_t rank = 20;         // q, low-rank and factor forms
  float variance_floor = 0.01f;  // σ²_min
  int iterations = 30;           // at most this many M-steps
  double tolerance = 0.05;       // stop when the mean log-likelihood gains less (nats per sample)
  std::uint64_t seed = 1;        // the k-means++ draws
};

struct MixtureFit {
  GaussianMixture mixture;
  std::vector<double> log_likelihoods;  // mean log p(x_n) after each M-step, nats per sample
};

// Called after each iteration with its number (from 1) and the mean log-likelihood.
using MixtureProgress = std::function<void(int iteration, double mean_log_likelihood)>;

// The first assignment "m components per class": the samples of class c (labels in [0, C)) split
// by k-means++ into m groups, numbered c·m … c·m + m − 1. Throws ArgumentError when a class has
// fewer than m samples.
Labels components_within_classes(const Matrix& data, const Labels& labels, std::size_t classes,
                                 std::size_t per_class, std::uint64_t seed);

// Fits a mixture to `data` (N×D, N ≥ K). `initial_components`, when not empty, holds each
// sample's first component (N values in [0, K)). Throws ArgumentError for impossible settings
// (K = 0, N < K, q ≥ D, a floor ≤ 0, a bad initial assignment).
MixtureFit fit_gaussian_mixture(const Matrix& data, const MixtureSettings& settings,
                                const MixtureProgress& on_iteration = {},
                                const Labels& initial_components = {});

// The mean of log p(x_n) over the rows of `data`, in nats per sample.
double mean_log_likelihood(const GaussianMixture& mixture, const Matrix& data);

}  // namespace glassbox::explain
