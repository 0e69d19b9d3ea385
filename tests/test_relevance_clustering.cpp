// Spectral relevance analysis (explain/analysis/relevance_clustering.hpp) on made-up heatmaps with
// planted groups: the maps of each group share a blob at a place of their own, under noise. The
// clustering must put each group in a cluster of its own, the eigengap must count the groups, and
// pooling, cluster means and bad arguments must do what the header says.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <vector>

#include "explain/analysis/relevance_clustering.hpp"
#include "framework/errors.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_relevance_clustering {

using namespace glassbox;
using namespace glassbox::explain;

namespace {

// A 1×16×16 map per sample: a 4×4 blob of relevance 1 at (row, column) of its group, plus
// Gaussian noise of standard deviation 0.15 on every pixel. Returns maps N×1×16×16 and the groups.
struct Planted {
  Tensor maps;
  Labels groups;
};

Planted planted_groups(const std::vector<std::size_t>& sizes, std::uint64_t seed) {
  const std::size_t corners[4][2] = {{0, 0}, {8, 8}, {0, 12}, {12, 0}};
  std::size_t n = 0;
  for (std::size_t size : sizes) n += size;
  Planted planted{xt::zeros<float>({n, std::size_t{1}, std::size_t{16}, std::size_t{16}}), {}};
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> noise(0.0f, 0.15f);
  std::size_t i = 0;
  for (std::size_t group = 0; group < sizes.size(); ++group) {
    for (std::size_t m = 0; m < sizes[group]; ++m, ++i) {
      planted.groups.push_back(static_cast<int>(group));
      for (std::size_t p = 0; p < 256; ++p) planted.maps.data()[i * 256 + p] = noise(rng);
      for (std::size_t r = 0; r < 4; ++r) {
        for (std::size_t c = 0; c < 4; ++c) {
          planted.maps(i, 0, corners[group][0] + r, corners[group][1] + c) += 1.0f;
        }
      }
    }
  }
  return planted;
}

// Whether the clusters are exactly the groups, up to renaming.
bool same_partition(const Labels& clusters, const Labels& groups) {
  std::map<int, int> group_of_cluster, cluster_of_group;
  for (std::size_t i = 0; i < clusters.size(); ++i) {
    auto [a, new_a] = group_of_cluster.emplace(clusters[i], groups[i]);
    auto [b, new_b] = cluster_of_group.emplace(groups[i], clusters[i]);
    if (a->second != groups[i] || b->second != clusters[i]) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("two planted groups, 60 and 30 maps: two clusters, the larger one first") {
  const Planted planted = planted_groups({60, 30}, 3);
  const RelevanceClusters found = cluster_relevance(planted.maps);
  CHECK(found.eigengap_choice == 2);
  REQUIRE(found.count == 2);
  CHECK(same_partition(found.assignment, planted.groups));
  CHECK(found.assignment[0] == 0);               // group 0 is the larger: cluster 0
  CHECK(std::abs(found.eigenvalues[0]) < 1e-9);  // L always has eigenvalue 0 (eq. 5)
  CHECK(found.eigenvalues.size() == 9);
  CHECK(found.embedding.shape(0) == 90);
}

TEST_CASE("three planted groups: the eigengap counts three, and each is found") {
  const Planted planted = planted_groups({40, 30, 20}, 5);
  const RelevanceClusters found = cluster_relevance(planted.maps);
  CHECK(found.eigengap_choice == 3);
  CHECK(same_partition(found.assignment, planted.groups));
}

TEST_CASE("interleaved groups are found as well: nothing depends on the maps' order") {
  const Planted planted = planted_groups({30, 30}, 11);
  // Every other map from the second group: 0, 30, 1, 31, …
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < 30; ++i) order.insert(order.end(), {i, 30 + i});
  Tensor shuffled = xt::zeros<float>(planted.maps.shape());
  Labels groups;
  for (std::size_t i = 0; i < order.size(); ++i) {
    std::copy_n(planted.maps.data() + order[i] * 256, 256, shuffled.data() + i * 256);
    groups.push_back(planted.groups[order[i]]);
  }
  const RelevanceClusters found = cluster_relevance(shuffled);
  CHECK(found.count == 2);
  CHECK(same_partition(found.assignment, groups));
  CHECK_FALSE(same_partition(found.assignment, planted.groups));  // the unshuffled labels differ
}

TEST_CASE("downsizing sums p×p blocks and scales each map to unit length") {
  Tensor maps = xt::zeros<float>({std::size_t{2}, std::size_t{4}, std::size_t{4}});
  maps(0, 0, 0) = 3.0f;
  maps(0, 1, 1) = 1.0f;  // same 2×2 block: 4
  maps(0, 3, 3) = 3.0f;  // last block: 3
  const Matrix x = downsized_maps(maps, 2);
  REQUIRE(x.shape(0) == 2);
  REQUIRE(x.shape(1) == 4);
  CHECK(x(0, 0) == doctest::Approx(0.8));
  CHECK(x(0, 3) == doctest::Approx(0.6));
  CHECK(x(1, 0) == 0.0f);  // an empty map stays 0
  CHECK_THROWS_AS(downsized_maps(maps, 3), ArgumentError);
}

TEST_CASE("cluster means average the maps of each cluster") {
  Tensor maps = xt::zeros<float>({std::size_t{3}, std::size_t{1}, std::size_t{2}, std::size_t{2}});
  maps(0, 0, 0, 0) = 2.0f;
  maps(1, 0, 0, 0) = 4.0f;
  maps(2, 0, 1, 1) = 5.0f;
  const Tensor means = cluster_means(maps, {0, 0, 1}, 2);
  REQUIRE(means.shape() == std::vector<std::size_t>{2, 1, 2, 2});
  CHECK(means(0, 0, 0, 0) == doctest::Approx(3.0));
  CHECK(means(1, 0, 1, 1) == doctest::Approx(5.0));
  CHECK(means(1, 0, 0, 0) == 0.0f);
  CHECK_THROWS_AS(cluster_means(maps, {0, 2, 1}, 2), ArgumentError);
}

TEST_CASE("too few maps for the neighbours is a one-line error") {
  const Planted planted = planted_groups({5}, 1);
  CHECK_THROWS_AS(cluster_relevance(planted.maps), ArgumentError);
}

}  // namespace test_relevance_clustering
