#include "datasets/subset.hpp"

#include <algorithm>
#include <numeric>
#include <random>

#include "framework/errors.hpp"

namespace glassbox {

namespace {

// A uniform integer in [0, bound) from the raw 64-bit output. std::uniform_int_distribution would
// be simpler, but its algorithm differs between standard libraries, and a seeded sample must be
// the same everywhere. Rejecting the lowest (2^64 mod bound) outputs removes the modulo bias.
std::uint64_t uniform_below(std::mt19937_64& generator, std::uint64_t bound) {
  const std::uint64_t threshold = (0 - bound) % bound;  // = 2^64 mod bound
  for (;;) {
    const std::uint64_t value = generator();
    if (value >= threshold) return value % bound;
  }
}

}  // namespace

std::vector<std::size_t> Subset::indices(std::size_t population) const {
  std::vector<std::size_t> all_indices(population);
  std::iota(all_indices.begin(), all_indices.end(), std::size_t{0});
  if (kind == Kind::all) return all_indices;
  if (size == 0 || size > population) {
    throw ArgumentError("cannot take a subset of " + std::to_string(size) + " samples from " +
                        std::to_string(population) + " (need 1 to " + std::to_string(population) +
                        ")");
  }
  if (kind == Kind::first) {
    all_indices.resize(size);
    return all_indices;
  }
  // Partial Fisher-Yates: after step i, positions [0, i] hold a uniform sample without replacement.
  std::mt19937_64 generator(seed);
  for (std::size_t position = 0; position < size; ++position) {
    const std::size_t chosen = position + uniform_below(generator, population - position);
    std::swap(all_indices[position], all_indices[chosen]);
  }
  all_indices.resize(size);
  std::sort(all_indices.begin(), all_indices.end());
  return all_indices;
}

std::string Subset::describe() const {
  switch (kind) {
    case Kind::all:
      return "";
    case Kind::first:
      return "first " + std::to_string(size);
    case Kind::random_sample:
      return "random " + std::to_string(size) + ", seed " + std::to_string(seed);
  }
  return "";
}

}  // namespace glassbox
