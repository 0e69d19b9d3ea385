#include "datasets/newsgroups/word_table.hpp"

#include <cstring>
#include <limits>

#include "framework/errors.hpp"

namespace glassbox {

namespace {

constexpr std::size_t kFirstSlotCount = 1024;

// Odd 64-bit multipliers with well-mixed bits (the finalizer constants of SplitMix64).
constexpr std::uint64_t kMultiplier1 = 0xBF58476D1CE4E5B9ull;
constexpr std::uint64_t kMultiplier2 = 0x94D049BB133111EBull;

inline std::uint64_t mix(std::uint64_t state, std::uint64_t bytes, std::uint64_t multiplier) {
  state = (state ^ bytes) * multiplier;
  return state ^ (state >> 31);
}

}  // namespace

// Eight bytes at a time, then the tail zero-padded: words are short, so this is a handful of
// multiplies, inlined, where std::hash<std::string_view> is a library call. Not for untrusted
// keys (no seed), which a vocabulary does not need.
std::uint64_t WordTable::hash_of(std::string_view word) {
  const char* bytes = word.data();
  std::size_t left = word.size();
  std::uint64_t state = 0x9E3779B97F4A7C15ull ^ word.size();
  while (left >= 8) {
    std::uint64_t chunk;
    std::memcpy(&chunk, bytes, 8);
    state = mix(state, chunk, kMultiplier1);
    bytes += 8;
    left -= 8;
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, bytes, left);
  state = mix(state, tail, kMultiplier2);
  return mix(state, state >> 29, kMultiplier1);
}

std::size_t WordTable::probe(std::string_view word, std::uint64_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  const auto tag = static_cast<std::uint32_t>(hash >> 32);
  std::size_t slot = static_cast<std::size_t>(hash) & mask;
  for (;;) {
    const Slot& candidate = slots_[slot];
    if (candidate.index_plus_one == 0) return slot;
    if (candidate.hash == tag && candidate.length == word.size() &&
        std::memcmp(text_.data() + candidate.offset, word.data(), word.size()) == 0) {
      return slot;
    }
    slot = (slot + 1) & mask;
  }
}

std::int32_t WordTable::find(std::string_view word) const {
  if (slots_.empty()) return kAbsent;
  const Slot& slot = slots_[probe(word, hash_of(word))];
  return static_cast<std::int32_t>(slot.index_plus_one) - 1;  // empty slot: 0 - 1 = kAbsent
}

std::int32_t WordTable::insert(std::string_view word) {
  // Growing first keeps at least half of the slots empty, so every probe ends.
  if (2 * (words_.size() + 1) > slots_.size()) grow();
  const std::uint64_t hash = hash_of(word);
  Slot& slot = slots_[probe(word, hash)];
  if (slot.index_plus_one != 0) return static_cast<std::int32_t>(slot.index_plus_one) - 1;
  if (words_.size() >= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()) ||
      text_.size() + word.size() > std::numeric_limits<std::uint32_t>::max()) {
    throw ArgumentError("a word table holds at most 2^31 - 1 words and 4 GiB of text");
  }
  slot.index_plus_one = static_cast<std::uint32_t>(words_.size() + 1);
  slot.hash = static_cast<std::uint32_t>(hash >> 32);
  slot.offset = static_cast<std::uint32_t>(text_.size());
  slot.length = static_cast<std::uint32_t>(word.size());
  words_.emplace_back(word);
  text_.append(word);
  return static_cast<std::int32_t>(words_.size()) - 1;
}

void WordTable::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? kFirstSlotCount : 2 * old.size(), Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.index_plus_one == 0) continue;
    // Re-hashing gives back the low bits that the stored 32 bits lack.
    const std::string_view word(text_.data() + slot.offset, slot.length);
    std::size_t position = static_cast<std::size_t>(hash_of(word)) & mask;
    while (slots_[position].index_plus_one != 0) position = (position + 1) & mask;
    slots_[position] = slot;
  }
}

}  // namespace glassbox
