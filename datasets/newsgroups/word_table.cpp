#include "datasets/newsgroups/word_table.hpp"

#include <functional>

#include "framework/errors.hpp"

namespace glassbox {

namespace {

constexpr std::size_t kFirstSlotCount = 1024;

}  // namespace

std::uint64_t WordTable::hash_of(std::string_view word) {
  return std::hash<std::string_view>{}(word);
}

std::size_t WordTable::probe(std::string_view word, std::uint64_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  const auto tag = static_cast<std::uint32_t>(hash >> 32);
  std::size_t slot = static_cast<std::size_t>(hash) & mask;
  for (;;) {
    const Slot& candidate = slots_[slot];
    if (candidate.index_plus_one == 0) return slot;
    if (candidate.hash == tag && words_[candidate.index_plus_one - 1] == word) return slot;
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
  if (words_.size() >= static_cast<std::size_t>(INT32_MAX)) {
    throw ArgumentError("a word table holds at most 2^31 - 1 words");
  }
  words_.emplace_back(word);
  slot.index_plus_one = static_cast<std::uint32_t>(words_.size());
  slot.hash = static_cast<std::uint32_t>(hash >> 32);
  return static_cast<std::int32_t>(words_.size()) - 1;
}

void WordTable::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? kFirstSlotCount : 2 * old.size(), Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.index_plus_one == 0) continue;
    // Re-hashing the word gives back the low bits the stored 32 bits lack.
    std::size_t position =
        static_cast<std::size_t>(hash_of(words_[slot.index_plus_one - 1])) & mask;
    while (slots_[position].index_plus_one != 0) position = (position + 1) & mask;
    slots_[position] = slot;
  }
}

}  // namespace glassbox
