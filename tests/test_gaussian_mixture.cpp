// The Gaussian mixture of the expert prototypes (explain/density): its log density against the
// formula written out for small covariances (low-rank and factor forms), its gradient against
// central differences, EM's log-likelihood never falling, EM recovering the parameters of a mixture
// the test samples from, and the JSON file round trip.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "explain/density/mixture_file.hpp"
#include "explain/density/mixture_fitting.hpp"
#include "framework/errors.hpp"
#include "gradient_check.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_gaussian_mixture {

using namespace glassbox;
using namespace glassbox::explain;

namespace {

MixtureComponent diagonal_component(float weight, Vector mean, Vector variances) {
  MixtureComponent component;
  component.weight = weight;
  component.mean = std::move(mean);
  component.variances = std::move(variances);
  component.directions = Matrix::from_shape({0, component.mean.size()});
  component.direction_variances = Vector::from_shape({0});
  return component;
}

// σ² everywhere, λ along the unit vector `direction`.
MixtureComponent low_rank_component(float weight, Vector mean, float sigma2, Vector direction,
                                    float lambda) {
  const std::size_t d = mean.size();
  MixtureComponent component = diagonal_component(weight, std::move(mean), Vector::from_shape({d}));
  component.variances.fill(sigma2);
  component.directions = Matrix::from_shape({1, d});
  std::copy(direction.begin(), direction.end(), component.directions.begin());
  component.direction_variances = Vector{lambda};
  return component;
}

// A three-component low-rank mixture in D = 4 with overlapping components.
GaussianMixture small_low_rank_mixture() {
  const float s = 1.0f / std::sqrt(2.0f);
  return GaussianMixture(CovarianceKind::low_rank,
                         {low_rank_component(0.5f, {0, 0, 0, 0}, 0.5f, {s, s, 0, 0}, 2.0f),
                          low_rank_component(0.3f, {1, -1, 0.5f, 0}, 0.3f, {0, 0, 1, 0}, 1.5f),
                          low_rank_component(0.2f, {-1, 1, 0, 1}, 0.8f, {0, s, 0, -s}, 3.0f)});
}

}  // namespace

namespace {

// Checks a one-component 2-D mixture with mean (1, 2) against the Gaussian log density written
// out with its covariance [[a, b], [b, c]] inverted by hand.
void check_two_by_two(const GaussianMixture& mixture, double a, double b, double c) {
  const double determinant = a * c - b * b;
  const Matrix x{{0.5f, 3.0f}, {1.0f, 2.0f}};
  const std::vector<double> log_p = mixture.log_density(x);
  for (std::size_t n = 0; n < 2; ++n) {
    const double d0 = x(n, 0) - 1.0, d1 = x(n, 1) - 2.0;
    const double mahalanobis = (c * d0 * d0 - 2 * b * d0 * d1 + a * d1 * d1) / determinant;
    const double expected = -std::log(2 * M_PI) - 0.5 * std::log(determinant) - 0.5 * mahalanobis;
    CHECK(log_p[n] == doctest::Approx(expected).epsilon(1e-5));
  }
}

}  // namespace

TEST_CASE("The low-rank log density matches the formula with the covariance written out") {
  // Σ = σ²I + (λ − σ²)uuᵀ with u = (0.6, 0.8).
  const float sigma2 = 0.5f, lambda = 2.0f, u0 = 0.6f, u1 = 0.8f;
  const GaussianMixture mixture(CovarianceKind::low_rank,
                                {low_rank_component(1.0f, {1, 2}, sigma2, {u0, u1}, lambda)});
  check_two_by_two(mixture, sigma2 + (lambda - sigma2) * u0 * u0, (lambda - sigma2) * u0 * u1,
                   sigma2 + (lambda - sigma2) * u1 * u1);
}

TEST_CASE("The factor log density matches the formula with the covariance written out") {
  // Σ = diag(v) + w wᵀ with v = (0.5, 0.8), w = (0.6, −0.9).
  MixtureComponent component = diagonal_component(1.0f, {1, 2}, {0.5f, 0.8f});
  component.directions = Matrix{{0.6f, -0.9f}};
  const GaussianMixture mixture(CovarianceKind::factor, {component});
  check_two_by_two(mixture, 0.5 + 0.36, 0.6 * -0.9, 0.8 + 0.81);
}

TEST_CASE("The gradient of log p(x) matches central differences") {
  const GaussianMixture low_rank = small_low_rank_mixture();
  const GaussianMixture diagonal(CovarianceKind::diagonal,
                                 {diagonal_component(0.6f, {0, 0, 0, 0}, {0.5f, 1, 2, 0.3f}),
                                  diagonal_component(0.4f, {1, 1, -1, 0}, {1, 0.4f, 0.7f, 1.5f})});
  // Factor form: diag(v) + Σ w wᵀ with unequal v and directions of any length.
  MixtureComponent factor_one = diagonal_component(0.7f, {0, 0, 0, 0}, {0.5f, 1, 2, 0.3f});
  factor_one.directions = Matrix{{0.8f, -0.4f, 0.3f, 0}, {0, 0.5f, 0.5f, -1}};
  MixtureComponent factor_two = diagonal_component(0.3f, {1, 1, -1, 0}, {1, 0.4f, 0.7f, 1.5f});
  factor_two.directions = Matrix{{0.2f, 0.9f, 0, 0.4f}, {1, 0, -0.3f, 0}};
  const GaussianMixture factor(CovarianceKind::factor, {factor_one, factor_two});
  for (const GaussianMixture* mixture : {&low_rank, &diagonal, &factor}) {
    // Points between the components, where the responsibilities are far from 0 and 1.
    Matrix x = testing::random_tensor({3, 4}, 7, -1.0f, 1.0f);
    Matrix gradient;
    mixture->log_density_gradient(x, gradient);
    const float h = 1e-2f;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const float saved = x.data()[i];
      x.data()[i] = saved + h;
      const std::vector<double> plus = mixture->log_density(x);
      x.data()[i] = saved - h;
      const std::vector<double> minus = mixture->log_density(x);
      x.data()[i] = saved;
      const std::size_t n = i / 4;
      const double numeric = (plus[n] - minus[n]) / (2 * h);
      INFO("coordinate " << i << ": numeric " << numeric << ", analytic " << gradient.data()[i]);
      CHECK(std::abs(numeric - gradient.data()[i]) <=
            2e-3 * std::max(1.0, std::abs(static_cast<double>(gradient.data()[i]))));
    }
  }
}

namespace {

// n samples from `mixture` (diagonal or low-rank), drawn with a seeded generator.
Matrix sample(const GaussianMixture& mixture, std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<double> weights;
  for (const MixtureComponent& component : mixture.components())
    weights.push_back(component.weight);
  std::discrete_distribution<std::size_t> pick(weights.begin(), weights.end());
  const std::size_t d = mixture.dimension();
  Matrix samples = Matrix::from_shape({n, d});
  for (std::size_t i = 0; i < n; ++i) {
    const MixtureComponent& component = mixture.components()[pick(rng)];
    // x = μ + √v ⊙ ε + Σ_i (√λ_i − √σ²) (u_iᵀε) u_i has covariance Σ when v = σ²·1.
    std::vector<float> epsilon(d);
    for (float& e : epsilon) e = normal(rng);
    for (std::size_t j = 0; j < d; ++j) {
      samples(i, j) = component.mean(j) + std::sqrt(component.variances(j)) * epsilon[j];
    }
    for (std::size_t q = 0; q < component.direction_variances.size(); ++q) {
      double projection = 0.0;
      for (std::size_t j = 0; j < d; ++j) projection += component.directions(q, j) * epsilon[j];
      const double extra =
          std::sqrt(component.direction_variances(q)) - std::sqrt(component.variances(0));
      for (std::size_t j = 0; j < d; ++j) {
        samples(i, j) += static_cast<float>(extra * projection * component.directions(q, j));
      }
    }
  }
  return samples;
}

// The component of `fitted` whose mean is nearest `mean`.
const MixtureComponent& nearest(const GaussianMixture& fitted, const Vector& mean) {
  const MixtureComponent* best = &fitted.components()[0];
  double best_distance = 1e300;
  for (const MixtureComponent& component : fitted.components()) {
    double distance = 0.0;
    for (std::size_t j = 0; j < mean.size(); ++j) {
      distance += std::pow(component.mean(j) - mean(j), 2);
    }
    if (distance < best_distance) best_distance = distance, best = &component;
  }
  return *best;
}

}  // namespace

TEST_CASE("EM never lowers the log-likelihood") {
  const Matrix data = sample(small_low_rank_mixture(), 600, 3);
  for (CovarianceKind kind :
       {CovarianceKind::diagonal, CovarianceKind::low_rank, CovarianceKind::factor}) {
    MixtureSettings settings;
    settings.components = 3;
    settings.kind = kind;
    settings.rank = 1;
    settings.variance_floor = 1e-3f;
    settings.iterations = 25;
    settings.tolerance = -1e9;  // run every iteration
    const MixtureFit fit = fit_gaussian_mixture(data, settings);
    REQUIRE(fit.log_likelihoods.size() == 25);
    for (std::size_t t = 1; t < fit.log_likelihoods.size(); ++t) {
      INFO("iteration " << t + 1 << ": " << fit.log_likelihoods[t - 1] << " -> "
                        << fit.log_likelihoods[t]);
      CHECK(fit.log_likelihoods[t] >= fit.log_likelihoods[t - 1] - 1e-6);
    }
    CHECK(fit.log_likelihoods.back() > fit.log_likelihoods.front());
  }
}

TEST_CASE("EM recovers the weights, means and covariances of a mixture it sampled from") {
  // Low-rank components: both the low-rank and the factor form can describe them exactly.
  const float s = 1.0f / std::sqrt(2.0f);
  const GaussianMixture truth(CovarianceKind::low_rank,
                              {low_rank_component(0.5f, {0, 0, 0, 0}, 0.2f, {s, s, 0, 0}, 2.0f),
                               low_rank_component(0.3f, {5, -5, 3, 0}, 0.3f, {0, 0, 1, 0}, 1.5f),
                               low_rank_component(0.2f, {-5, 5, 0, 5}, 0.1f, {0, s, 0, -s}, 3.0f)});
  const Matrix data = sample(truth, 6000, 11);
  MixtureSettings settings;
  settings.components = 3;
  settings.kind = CovarianceKind::low_rank;
  settings.rank = 1;
  settings.variance_floor = 1e-3f;
  const GaussianMixture fitted = fit_gaussian_mixture(data, settings).mixture;
  settings.kind = CovarianceKind::factor;
  const GaussianMixture factor = fit_gaussian_mixture(data, settings).mixture;
  for (const MixtureComponent& expected : truth.components()) {
    const MixtureComponent& got = nearest(fitted, expected.mean);
    CHECK(got.weight == doctest::Approx(expected.weight).epsilon(0.03 / expected.weight));
    for (std::size_t j = 0; j < 4; ++j) CHECK(std::abs(got.mean(j) - expected.mean(j)) < 0.1);
    CHECK(got.variances(0) == doctest::Approx(expected.variances(0)).epsilon(0.1));
    CHECK(got.direction_variances(0) ==
          doctest::Approx(expected.direction_variances(0)).epsilon(0.1));
    double alignment = 0.0;  // |u·û|, 1 when the direction is found (its sign is arbitrary)
    for (std::size_t j = 0; j < 4; ++j)
      alignment += got.directions(0, j) * expected.directions(0, j);
    CHECK(std::abs(alignment) > 0.99);

    // The factor fit's covariance diag(v) + w wᵀ, entry by entry, against σ²I + (λ − σ²)u uᵀ.
    const MixtureComponent& got_factor = nearest(factor, expected.mean);
    const float extra = expected.direction_variances(0) - expected.variances(0);
    for (std::size_t i = 0; i < 4; ++i) {
      for (std::size_t j = 0; j < 4; ++j) {
        const double want = (i == j ? expected.variances(0) : 0.0f) +
                            extra * expected.directions(0, i) * expected.directions(0, j);
        const double have = (i == j ? got_factor.variances(i) : 0.0f) +
                            got_factor.directions(0, i) * got_factor.directions(0, j);
        INFO("covariance entry (" << i << ", " << j << ")");
        CHECK(std::abs(have - want) < 0.1 * expected.direction_variances(0));
      }
    }
  }
}

TEST_CASE("A mixture file reads back as the same density") {
  const GaussianMixture mixture = small_low_rank_mixture();
  const std::string path = "test_gaussian_mixture.tmp.json";
  save_mixture(path, mixture, {{"note", "test"}});
  const MixtureFile loaded = load_mixture(path);
  std::remove(path.c_str());
  const Matrix x = testing::random_tensor({5, 4}, 5, -2.0f, 2.0f);
  const std::vector<double> before = mixture.log_density(x), after = loaded.mixture.log_density(x);
  for (std::size_t n = 0; n < 5; ++n) CHECK(after[n] == before[n]);
  CHECK(loaded.metadata["note"] == "test");
  CHECK_THROWS_AS(load_mixture("no-such-mixture.json"), FileError);
}

TEST_CASE("Impossible mixtures and settings are refused") {
  CHECK_THROWS_AS(
      GaussianMixture(CovarianceKind::diagonal, {diagonal_component(0.5f, {0, 0}, {1, 1})}),
      ArgumentError);  // weights do not sum to 1
  CHECK_THROWS_AS(
      GaussianMixture(CovarianceKind::diagonal, {diagonal_component(1.0f, {0, 0}, {1, 0})}),
      ArgumentError);  // a zero variance
  MixtureSettings settings;
  settings.components = 5;
  CHECK_THROWS_AS(fit_gaussian_mixture(Matrix::from_shape({3, 2}), settings), ArgumentError);
}

}  // namespace test_gaussian_mixture
