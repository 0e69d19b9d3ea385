#include "explain/density/mixture_fitting.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <string>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xbuilder.hpp>

#include "framework/blas.hpp"
#include "framework/errors.hpp"
#include "framework/random.hpp"

namespace glassbox::explain {
namespace {

// Responsibilities below this are left out of a component's covariance: a sample that contributes
// less than 10⁻⁶ of its weight moves S_k by less than float rounding of the sum over ~10³ samples.
constexpr double kNegligibleResponsibility = 1e-6;

// Factor analysis updates per M-step for a factor covariance (fit_factor).
constexpr int kFactorSteps = 3;

using Responsibilities = xt::xtensor<double, 2>;  // N×K, rows summing to 1

double squared_distance(const float* a, const float* b, std::size_t d) {
  double sum = 0.0;
  for (std::size_t j = 0; j < d; ++j) {
    const double difference = static_cast<double>(a[j]) - b[j];
    sum += difference * difference;
  }
  return sum;
}

// Responsibilities with each sample wholly in its component.
Responsibilities one_hot(const Labels& components, std::size_t k) {
  Responsibilities r = xt::zeros<double>({components.size(), k});
  for (std::size_t i = 0; i < components.size(); ++i) {
    if (components[i] < 0 || static_cast<std::size_t>(components[i]) >= k) {
      throw ArgumentError("Gaussian mixture: initial component " + std::to_string(components[i]) +
                          " of sample " + std::to_string(i) + " is not in [0, " +
                          std::to_string(k) + ")");
    }
    r(i, static_cast<std::size_t>(components[i])) = 1.0;
  }
  return r;
}

// k-means++ seeding, then every sample to its nearest seed.
Labels nearest_seeds(const Matrix& data, std::size_t k, std::uint64_t seed) {
  const std::size_t n = data.shape(0), d = data.shape(1);
  Rng rng(seed);
  std::vector<std::size_t> seeds{std::uniform_int_distribution<std::size_t>(0, n - 1)(rng)};
  std::vector<double> nearest(n, std::numeric_limits<double>::infinity());
  Labels owner(n, 0);
  for (std::size_t c = 0;; ++c) {
    const float* centre = data.data() + seeds[c] * d;
    for (std::size_t i = 0; i < n; ++i) {
      const double distance = squared_distance(data.data() + i * d, centre, d);
      if (distance < nearest[i]) nearest[i] = distance, owner[i] = static_cast<int>(c);
    }
    if (seeds.size() == k) break;
    std::discrete_distribution<std::size_t> pick(nearest.begin(), nearest.end());
    seeds.push_back(pick(rng));
  }
  return owner;
}

// The low-rank covariance of scatter S (D×D) with q directions, floored: see the header.
void fit_low_rank(const Matrix& scatter, std::size_t q, float floor, MixtureComponent& component) {
  const std::size_t d = scatter.shape(0);
  // eigh returns eigenvalues in ascending order, eigenvectors as columns.
  const auto [eigenvalues, eigenvectors] = xt::linalg::eigh(scatter);
  double rest = 0.0;
  for (std::size_t i = 0; i < d - q; ++i) rest += std::max(0.0f, eigenvalues(i));
  const float sigma2 = std::max(static_cast<float>(rest / static_cast<double>(d - q)), floor);
  component.variances = xt::xtensor<float, 1>::from_shape({d});
  component.variances.fill(sigma2);
  component.directions = Matrix::from_shape({q, d});
  component.direction_variances = Vector::from_shape({q});
  for (std::size_t i = 0; i < q; ++i) {
    const std::size_t column = d - 1 - i;  // the i-th largest
    component.direction_variances(i) = std::max(eigenvalues(column), floor);
    for (std::size_t j = 0; j < d; ++j) component.directions(i, j) = eigenvectors(j, column);
  }
}

// The factor covariance diag(v) + WᵀW (W: q×D rows) of scatter S, by the EM updates of factor
// analysis run on S (Ghahramani & Hinton 1996), each of which raises the likelihood given S:
//   β = M⁻¹ W V⁻¹ (q×D, M = I + W V⁻¹ Wᵀ),   E = I − β Wᵀ + β S βᵀ,
//   W ← E⁻¹ β S,   v_j ← max(S_jj − Σ_i W_ij (β S)_ij, σ²_min)
// from `previous` (the component's last covariance), or the first time from the low-rank fit.
void fit_factor(const Matrix& scatter, const MixtureSettings& settings,
                const MixtureComponent* previous, MixtureComponent& component) {
  const std::size_t d = scatter.shape(0), q = settings.rank;
  if (previous != nullptr) {
    component.variances = previous->variances;
    component.directions = previous->directions;
  } else {
    // Probabilistic PCA's w_i = √(λ_i − σ²) u_i, and v what they leave unexplained.
    fit_low_rank(scatter, q, settings.variance_floor, component);
    for (std::size_t i = 0; i < q; ++i) {
      const float scale = std::sqrt(component.direction_variances(i) - component.variances(0));
      for (std::size_t j = 0; j < d; ++j) component.directions(i, j) *= scale;
    }
  }
  component.direction_variances = Vector::from_shape({0});
  Matrix& w = component.directions;
  for (int step = 0; step < kFactorSteps; ++step) {
    const Matrix scaled = w / component.variances;  // W V⁻¹
    Matrix m = xt::eye<float>(q);
    gemm(false, true, q, q, d, 1.0f, scaled.data(), w.data(), 1.0f, m.data());
    const Matrix beta = xt::linalg::solve(m, scaled);
    Matrix beta_s = Matrix::from_shape({q, d});  // β S (S is symmetric)
    gemm(false, false, q, d, d, 1.0f, beta.data(), scatter.data(), 0.0f, beta_s.data());
    Matrix e = xt::eye<float>(q);
    gemm(false, true, q, q, d, -1.0f, beta.data(), w.data(), 1.0f, e.data());
    gemm(false, true, q, q, d, 1.0f, beta_s.data(), beta.data(), 1.0f, e.data());
    w = xt::linalg::solve(e, beta_s);
    for (std::size_t j = 0; j < d; ++j) {
      double explained = 0.0;
      for (std::size_t i = 0; i < q; ++i) explained += w(i, j) * beta_s(i, j);
      component.variances(j) =
          std::max(static_cast<float>(scatter(j, j) - explained), settings.variance_floor);
    }
  }
}

// The M-step for component k: weight, mean, covariance from its responsibilities; `previous` is
// the component's last parameters (null at the first M-step).
MixtureComponent maximize(const Matrix& data, const Responsibilities& r, std::size_t k,
                          const MixtureSettings& settings, const MixtureComponent* previous) {
  const std::size_t n = data.shape(0), d = data.shape(1);
  double total = 0.0;
  std::vector<double> mean(d, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    if (r(i, k) == 0.0) continue;
    total += r(i, k);
    const float* x = data.data() + i * d;
    for (std::size_t j = 0; j < d; ++j) mean[j] += r(i, k) * x[j];
  }
  MixtureComponent component;
  // An empty component keeps a tiny weight (log π must stay finite) and sits at the data mean.
  const double mass = std::max(total, 1e-12);
  component.weight = static_cast<float>(mass / static_cast<double>(n));
  component.mean = Vector::from_shape({d});
  for (std::size_t j = 0; j < d; ++j) component.mean(j) = static_cast<float>(mean[j] / mass);

  // Rows √(r_nk/N_k)·(x_n − μ_k) of the samples that matter, so that S_k = AᵀA.
  std::vector<float> rows;
  const float* mu = component.mean.data();
  for (std::size_t i = 0; i < n; ++i) {
    if (r(i, k) < kNegligibleResponsibility) continue;
    const auto scale = static_cast<float>(std::sqrt(r(i, k) / mass));
    const float* x = data.data() + i * d;
    for (std::size_t j = 0; j < d; ++j) rows.push_back(scale * (x[j] - mu[j]));
  }
  const std::size_t used = rows.size() / d;
  if (settings.kind == CovarianceKind::diagonal) {
    component.variances = xt::zeros<float>({d});
    float* variances = component.variances.data();
    for (std::size_t i = 0; i < used; ++i) {
      for (std::size_t j = 0; j < d; ++j) variances[j] += rows[i * d + j] * rows[i * d + j];
    }
    for (float& v : component.variances) v = std::max(v, settings.variance_floor);
    component.directions = Matrix::from_shape({0, d});
    component.direction_variances = Vector::from_shape({0});
    return component;
  }
  Matrix scatter = xt::zeros<float>({d, d});
  if (used > 0) gemm(true, false, d, d, used, 1.0f, rows.data(), rows.data(), 0.0f, scatter.data());
  if (settings.kind == CovarianceKind::factor) {
    fit_factor(scatter, settings, previous, component);
  } else {
    fit_low_rank(scatter, settings.rank, settings.variance_floor, component);
  }
  return component;
}

void check_settings(const Matrix& data, const MixtureSettings& settings) {
  if (data.dimension() != 2 || data.shape(1) == 0) {
    throw ArgumentError("Gaussian mixture: the data must be N×D");
  }
  if (settings.components == 0 || data.shape(0) < settings.components) {
    throw ArgumentError("Gaussian mixture: " + std::to_string(settings.components) +
                        " components need at least as many samples, got " +
                        std::to_string(data.shape(0)));
  }
  if (settings.kind != CovarianceKind::diagonal &&
      (settings.rank == 0 || settings.rank >= data.shape(1))) {
    throw ArgumentError("Gaussian mixture: the rank must be in [1, " +
                        std::to_string(data.shape(1) - 1) + "], got " +
                        std::to_string(settings.rank));
  }
  if (!(settings.variance_floor > 0.0f)) {
    throw ArgumentError("Gaussian mixture: the variance floor must be positive");
  }
}

}  // namespace

Labels components_within_classes(const Matrix& data, const Labels& labels, std::size_t classes,
                                 std::size_t per_class, std::uint64_t seed) {
  const std::size_t d = data.shape(1);
  Labels components(labels.size(), 0);
  for (std::size_t c = 0; c < classes; ++c) {
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (labels[i] == static_cast<int>(c)) members.push_back(i);
    }
    if (members.size() < per_class) {
      throw ArgumentError("Gaussian mixture: class " + std::to_string(c) + " has " +
                          std::to_string(members.size()) + " samples, fewer than the " +
                          std::to_string(per_class) + " components it should get");
    }
    Matrix subset = Matrix::from_shape({members.size(), d});
    for (std::size_t i = 0; i < members.size(); ++i) {
      std::copy(data.data() + members[i] * d, data.data() + (members[i] + 1) * d,
                subset.data() + i * d);
    }
    const Labels groups = nearest_seeds(subset, per_class, seed + c);
    for (std::size_t i = 0; i < members.size(); ++i) {
      components[members[i]] = static_cast<int>(c * per_class) + groups[i];
    }
  }
  return components;
}

double mean_log_likelihood(const GaussianMixture& mixture, const Matrix& data) {
  const std::vector<double> values = mixture.log_density(data);
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

MixtureFit fit_gaussian_mixture(const Matrix& data, const MixtureSettings& settings,
                                const MixtureProgress& on_iteration,
                                const Labels& initial_components) {
  check_settings(data, settings);
  const std::size_t n = data.shape(0), k = settings.components;
  if (!initial_components.empty() && initial_components.size() != n) {
    throw ArgumentError("Gaussian mixture: " + std::to_string(initial_components.size()) +
                        " initial components for " + std::to_string(n) + " samples");
  }
  Responsibilities r = one_hot(
      initial_components.empty() ? nearest_seeds(data, k, settings.seed) : initial_components, k);
  MixtureFit fit;
  for (int iteration = 1; iteration <= settings.iterations; ++iteration) {
    std::vector<MixtureComponent> components;
    for (std::size_t c = 0; c < k; ++c) {
      const MixtureComponent* previous = iteration > 1 ? &fit.mixture.components()[c] : nullptr;
      components.push_back(maximize(data, r, c, settings, previous));
    }
    // The weights sum to 1 up to the tiny weight of empty components; renormalise exactly.
    double total = 0.0;
    for (const MixtureComponent& component : components) total += component.weight;
    for (MixtureComponent& component : components) {
      component.weight = static_cast<float>(component.weight / total);
    }
    fit.mixture = GaussianMixture(settings.kind, std::move(components));

    // E-step: r_nk = exp(log π_k N_k(x_n) − log p(x_n)).
    const xt::xtensor<double, 2> terms = fit.mixture.component_log_densities(data);
    const std::vector<double> log_p = log_sum_exp_rows(terms);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t c = 0; c < k; ++c) r(i, c) = std::exp(terms(i, c) - log_p[i]);
    }
    const double mean = std::accumulate(log_p.begin(), log_p.end(), 0.0) / static_cast<double>(n);
    const bool converged =
        !fit.log_likelihoods.empty() && mean - fit.log_likelihoods.back() < settings.tolerance;
    fit.log_likelihoods.push_back(mean);
    if (on_iteration) on_iteration(iteration, mean);
    if (converged) break;
  }
  return fit;
}

}  // namespace glassbox::explain
