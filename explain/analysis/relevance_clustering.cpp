#include "explain/analysis/relevance_clustering.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <utility>

#include <xtensor-blas/xlinalg.hpp>

#include "framework/blas.hpp"
#include "framework/errors.hpp"
#include "framework/random.hpp"

namespace glassbox::explain {
namespace {

using Doubles = xt::xtensor<double, 2>;

// Lloyd's iterations stop when no point changes cluster, or after this many.
constexpr int kLloydIterations = 100;

// Squared distances between all rows of x (N×D), eq. (2), from one product x·xᵀ.
Matrix squared_distances(const Matrix& x) {
  const std::size_t n = x.shape(0), d = x.shape(1);
  Matrix gram = Matrix::from_shape({n, n});
  gemm(false, true, n, n, d, 1.0f, x.data(), x.data(), 0.0f, gram.data());
  Matrix distances = Matrix::from_shape({n, n});
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      distances(i, j) = std::max(0.0f, gram(i, i) + gram(j, j) - 2.0f * gram(i, j));
    }
  }
  return distances;
}

// Eqs. (3)–(4): the normalized Laplacian of the symmetrised k-nearest-neighbour graph.
Doubles knn_laplacian(const Matrix& distances, std::size_t k) {
  const std::size_t n = distances.shape(0);
  Doubles w = xt::zeros<double>({n, n});
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::iota(order.begin(), order.end(), std::size_t{0});
    // Ties go to the lower index, so the graph does not depend on the sort's whims.
    auto closer = [&](std::size_t a, std::size_t b) {
      if (a == i || b == i) return b == i && a != i;
      return std::make_pair(distances(i, a), a) < std::make_pair(distances(i, b), b);
    };
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                      closer);
    for (std::size_t m = 0; m < k; ++m) {
      w(i, order[m]) += 0.5;
      w(order[m], i) += 0.5;
    }
  }
  std::vector<double> scale(n);
  for (std::size_t i = 0; i < n; ++i) {
    double degree = 0.0;
    for (std::size_t j = 0; j < n; ++j) degree += w(i, j);
    scale[i] = 1.0 / std::sqrt(degree);  // degree ≥ k/2 > 0: every node has k neighbours
  }
  Doubles laplacian = Doubles::from_shape({n, n});
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      laplacian(i, j) = (i == j ? 1.0 : 0.0) - scale[i] * w(i, j) * scale[j];
    }
  }
  return laplacian;
}

double squared_distance(const Doubles& y, std::size_t row, const Doubles& means, std::size_t c) {
  double sum = 0.0;
  for (std::size_t j = 0; j < y.shape(1); ++j) {
    const double difference = y(row, j) - means(c, j);
    sum += difference * difference;
  }
  return sum;
}

struct KMeans {
  Labels assignment;
  double inertia = std::numeric_limits<double>::infinity();  // Σ_n ‖y_n − μ_{c(n)}‖², eq. (7)
};

// One run of eq. (7): k-means++ seeds drawn from `rng`, then Lloyd's iterations.
KMeans k_means(const Doubles& y, std::size_t count, Rng& rng) {
  const std::size_t n = y.shape(0), d = y.shape(1);
  Doubles means = xt::zeros<double>({count, d});
  std::vector<double> nearest(n, std::numeric_limits<double>::infinity());
  std::size_t pick = std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  for (std::size_t c = 0; c < count; ++c) {
    for (std::size_t j = 0; j < d; ++j) means(c, j) = y(pick, j);
    for (std::size_t i = 0; i < n; ++i)
      nearest[i] = std::min(nearest[i], squared_distance(y, i, means, c));
    if (std::accumulate(nearest.begin(), nearest.end(), 0.0) <= 0.0)
      break;  // fewer distinct points
    pick = std::discrete_distribution<std::size_t>(nearest.begin(), nearest.end())(rng);
  }
  KMeans result{Labels(n, -1)};
  for (int iteration = 0; iteration < kLloydIterations; ++iteration) {
    bool changed = false;
    result.inertia = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      int best = 0;
      double best_distance = std::numeric_limits<double>::infinity();
      for (std::size_t c = 0; c < count; ++c) {
        const double distance = squared_distance(y, i, means, c);
        if (distance < best_distance) best = static_cast<int>(c), best_distance = distance;
      }
      changed |= result.assignment[i] != best;
      result.assignment[i] = best;
      result.inertia += best_distance;
    }
    if (!changed) break;
    Doubles sums = xt::zeros<double>({count, d});
    std::vector<std::size_t> sizes(count, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const auto c = static_cast<std::size_t>(result.assignment[i]);
      ++sizes[c];
      for (std::size_t j = 0; j < d; ++j) sums(c, j) += y(i, j);
    }
    for (std::size_t c = 0; c < count; ++c) {
      if (sizes[c] == 0) continue;  // an empty cluster keeps its mean
      for (std::size_t j = 0; j < d; ++j) means(c, j) = sums(c, j) / static_cast<double>(sizes[c]);
    }
  }
  return result;
}

// Renumbers clusters by size, largest first (ties: the lower old number first).
Labels by_size(const Labels& assignment, std::size_t count) {
  std::vector<std::size_t> sizes(count, 0);
  for (int c : assignment) ++sizes[static_cast<std::size_t>(c)];
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return sizes[a] > sizes[b]; });
  std::vector<int> renamed(count);
  for (std::size_t rank = 0; rank < count; ++rank) renamed[order[rank]] = static_cast<int>(rank);
  Labels result(assignment.size());
  for (std::size_t i = 0; i < assignment.size(); ++i) {
    result[i] = renamed[static_cast<std::size_t>(assignment[i])];
  }
  return result;
}

}  // namespace

Matrix downsized_maps(const Tensor& relevance, std::size_t pool) {
  if (relevance.dimension() < 3) {
    throw ArgumentError("relevance clustering: maps must be N×…×H×W, got " +
                        std::to_string(relevance.dimension()) + " axes");
  }
  const std::size_t n = relevance.shape(0), height = relevance.shape(relevance.dimension() - 2),
                    width = relevance.shape(relevance.dimension() - 1);
  if (pool == 0 || height % pool != 0 || width % pool != 0 ||
      relevance.size() != n * height * width) {
    throw ArgumentError("relevance clustering: pooling " + std::to_string(pool) + "x" +
                        std::to_string(pool) + " needs one " + std::to_string(height) + "x" +
                        std::to_string(width) + " map per sample, sides multiples of it");
  }
  const std::size_t rows = height / pool, columns = width / pool;
  Matrix maps = xt::zeros<float>({n, rows * columns});
  for (std::size_t i = 0; i < n; ++i) {
    const float* map = relevance.data() + i * height * width;
    for (std::size_t r = 0; r < height; ++r) {
      for (std::size_t c = 0; c < width; ++c) {
        maps(i, (r / pool) * columns + c / pool) += map[r * width + c];
      }
    }
    double norm = 0.0;
    for (std::size_t j = 0; j < rows * columns; ++j) norm += double(maps(i, j)) * maps(i, j);
    if (norm > 0.0) {
      for (std::size_t j = 0; j < rows * columns; ++j)
        maps(i, j) /= static_cast<float>(std::sqrt(norm));
    }
  }
  return maps;
}

RelevanceClusters cluster_relevance(const Tensor& relevance, const ClusteringOptions& options) {
  const Matrix maps = downsized_maps(relevance, options.pool);
  const std::size_t n = maps.shape(0);
  if (options.neighbours == 0 || n <= options.neighbours || n <= options.max_clusters + 1 ||
      options.max_clusters < 2 || options.clusters > options.max_clusters) {
    throw ArgumentError(
        "relevance clustering: " + std::to_string(n) + " maps, " +
        std::to_string(options.neighbours) + " neighbours and at most " +
        std::to_string(options.max_clusters) + " clusters (" + std::to_string(options.clusters) +
        " asked) do not fit: need 2 ≤ clusters ≤ max < N − 1 and 0 < neighbours < N");
  }
  // eigh: eigenvalues ascending, eigenvectors as columns.
  const auto [eigenvalues, eigenvectors] =
      xt::linalg::eigh(knn_laplacian(squared_distances(maps), options.neighbours));
  RelevanceClusters result;
  for (std::size_t c = 0; c <= options.max_clusters; ++c) {
    result.eigenvalues.push_back(eigenvalues(c));
  }
  double widest = -1.0;
  for (std::size_t c = 2; c <= options.max_clusters; ++c) {
    const double gap = result.eigenvalues[c] - result.eigenvalues[c - 1];  // λ_{c+1} − λ_c
    if (gap > widest) widest = gap, result.eigengap_choice = c;
  }
  result.count = options.clusters != 0 ? options.clusters : result.eigengap_choice;

  result.embedding = Doubles::from_shape({n, result.count});
  for (std::size_t i = 0; i < n; ++i) {
    double norm = 0.0;
    for (std::size_t c = 0; c < result.count; ++c) norm += eigenvectors(i, c) * eigenvectors(i, c);
    norm = std::sqrt(norm);
    for (std::size_t c = 0; c < result.count; ++c) {
      result.embedding(i, c) = norm > 0.0 ? eigenvectors(i, c) / norm : 0.0;
    }
  }
  Rng rng(options.seed);
  KMeans best;
  for (int run = 0; run < std::max(1, options.restarts); ++run) {
    KMeans candidate = k_means(result.embedding, result.count, rng);
    if (candidate.inertia < best.inertia) best = std::move(candidate);
  }
  result.assignment = by_size(best.assignment, result.count);
  return result;
}

Tensor cluster_means(const Tensor& relevance, const Labels& assignment, std::size_t count) {
  if (relevance.dimension() < 1 || assignment.size() != relevance.shape(0)) {
    throw ArgumentError("cluster means: " + std::to_string(assignment.size()) +
                        " assignments for a batch of another size");
  }
  Shape shape(relevance.shape().begin(), relevance.shape().end());
  shape[0] = count;
  Tensor means = xt::zeros<float>(shape);
  const std::size_t per_map = relevance.size() / std::max<std::size_t>(1, relevance.shape(0));
  std::vector<std::size_t> sizes(count, 0);
  for (std::size_t i = 0; i < assignment.size(); ++i) {
    if (assignment[i] < 0 || static_cast<std::size_t>(assignment[i]) >= count) {
      throw ArgumentError("cluster means: cluster " + std::to_string(assignment[i]) + " of map " +
                          std::to_string(i) + " is not in [0, " + std::to_string(count) + ")");
    }
    const auto c = static_cast<std::size_t>(assignment[i]);
    ++sizes[c];
    for (std::size_t j = 0; j < per_map; ++j) {
      means.data()[c * per_map + j] += relevance.data()[i * per_map + j];
    }
  }
  for (std::size_t c = 0; c < count; ++c) {
    for (std::size_t j = 0; j < per_map && sizes[c] > 0; ++j) {
      means.data()[c * per_map + j] /= static_cast<float>(sizes[c]);
    }
  }
  return means;
}

}  // namespace glassbox::explain
