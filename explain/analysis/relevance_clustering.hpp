// Spectral relevance analysis: look at the explanations of a whole class at once, not one image at
// a time. The heatmaps of one class are downsized, linked to their nearest neighbours, and split
// by spectral clustering; a group of heatmaps that all light up the same odd spot (a watermark, a
// copyright tag) shows up as a cluster of its own (docs/math/analysis.md, eqs. 1–7; Lapuschkin et
// al. 2019, "Unmasking Clever Hans predictors").
//
// Shapes: relevance N×…×H×W (N heatmaps, e.g. N×1×28×28); downsized maps N×D with
// D = (H/p)·(W/p); the affinity W and Laplacian L are N×N; the embedding N×C for C clusters.
//
//   (1) x_n = pool_p(R_n) / ‖pool_p(R_n)‖₂          sum over p×p blocks, then unit length, so that
//                                                   shape counts and not the size of f(x)
//   (2) d_ij = ‖x_i − x_j‖                           all pairs at once: ‖x_i‖² + ‖x_j‖² − 2 x_i·x_j
//   (3) a_ij = 1 if j is among the k nearest of i (j ≠ i), else 0;   W = (A + Aᵀ) / 2
//   (4) L = I − D^{−1/2} W D^{−1/2},   D_ii = Σ_j W_ij  (the normalized graph Laplacian)
//   (5) 0 = λ_1 ≤ λ_2 ≤ … ≤ λ_N ≤ 2, eigenvalues of L (LAPACK through xt::linalg::eigh);
//       eigengap choice C* = argmax over 2 ≤ c ≤ c_max of λ_{c+1} − λ_c
//   (6) y_n = row n of [u_1 … u_C] (the eigenvectors of the C smallest λ), scaled to unit length
//   (7) k-means on y_1 … y_N: minimise Σ_n ‖y_n − μ_{c(n)}‖², Lloyd's iterations from k-means++
//       seeds, the best of several restarts
//
// Why it works: a group of maps that are each other's nearest neighbours and few others' forms an
// almost separate piece of the graph; every separate piece adds an eigenvalue 0 to L, and in the
// eigenvectors of those eigenvalues the members of a piece share one direction, so in the
// embedding the groups sit at different points on the unit sphere and k-means finds them.
#pragma once

#include <cstdint>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "framework/tensor.hpp"

namespace glassbox::explain {

struct ClusteringOptions {
  std::size_t pool = 2;          // p: H and W must be multiples of it
  std::size_t neighbours = 10;   // k of the k-nearest-neighbour graph, < N
  std::size_t clusters = 0;      // C; 0: the eigengap's choice C*
  std::size_t max_clusters = 8;  // c_max, also the largest C accepted
  int restarts = 10;             // k-means runs from different seeds; the tightest is kept
  std::uint64_t seed = 1;        // the k-means++ draws
};

struct RelevanceClusters {
  Labels assignment;                 // N: the cluster of each map, in [0, C); 0 the largest
  std::size_t count = 0;             // C
  std::size_t eigengap_choice = 0;   // C*, eq. (5), whether or not C was given
  std::vector<double> eigenvalues;   // the c_max + 1 smallest eigenvalues of L, ascending
  xt::xtensor<double, 2> embedding;  // N×C: y_n of eq. (6)
};

// Eq. (1) for every map: N×D, each row of unit length (a map that is all 0 stays 0). Throws
// ArgumentError when H or W is not a multiple of `pool`.
Matrix downsized_maps(const Tensor& relevance, std::size_t pool);

// Eqs. (1)–(7). Throws ArgumentError when N ≤ k, C > c_max or the maps are not at least N×H×W.
RelevanceClusters cluster_relevance(const Tensor& relevance, const ClusteringOptions& options = {});

// The mean relevance map of each cluster: C×…×H×W (the shape of one map of `relevance`).
Tensor cluster_means(const Tensor& relevance, const Labels& assignment, std::size_t count);

}  // namespace glassbox::explain
