// Which samples of a dataset to keep: all of them, the first N, or a seeded random sample of N.
//
// Loaders apply a Subset after reading and validating the whole file, so a subset never hides a
// corrupt file. Random samples come back in ascending index order, so a sample keeps the dataset's
// original order and the same seed gives the same samples on every platform.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace glassbox {

struct Subset {
  enum class Kind { all, first, random_sample };
  Kind kind = Kind::all;
  std::size_t size = 0;    // N, for first and random_sample
  std::uint64_t seed = 0;  // for random_sample

  static Subset all() { return {}; }
  static Subset first(std::size_t size) { return {Kind::first, size, 0}; }
  static Subset random_sample(std::size_t size, std::uint64_t seed) {
    return {Kind::random_sample, size, seed};
  }

  // The kept indices into a dataset of `population` samples, ascending. Throws ArgumentError when
  // N is 0 or larger than `population`.
  std::vector<std::size_t> indices(std::size_t population) const;

  // For LabeledData::description: "" for all, "first 10000", "random 1000, seed 42".
  std::string describe() const;
};

}  // namespace glassbox
