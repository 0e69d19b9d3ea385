// A set of distinct words, each with a dense index in insertion order: the map from a token to its
// row in a count table, looked up once per token of every document (5.5 million times for the
// whole of 20 Newsgroups).
//
// Lookups take a std::string_view, so a token in the tokenizer's buffer is looked up without being
// copied into a std::string (C++17's std::unordered_map cannot do that). The table holds offsets
// and indices, never pointers, so copying or moving it keeps it valid.
//
// Layout: open addressing with linear probing in a power-of-two array of slots, at most half full.
// A slot holds the word's index + 1 (0 = empty), 32 bits of its hash, and where its bytes are in
// `text_`, one string holding every word back to back. A probe compares bytes only when the hash
// bits agree, and the frequent words, seen first, sit close together at the start of `text_`,
// where they stay in cache.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace glassbox {

class WordTable {
 public:
  static constexpr std::int32_t kAbsent = -1;

  // The index of `word`, or kAbsent.
  std::int32_t find(std::string_view word) const;

  // The index of `word`, adding it (as index size()) if it is new.
  std::int32_t insert(std::string_view word);

  std::size_t size() const { return words_.size(); }
  const std::string& word(std::size_t index) const { return words_[index]; }
  const std::vector<std::string>& words() const { return words_; }

 private:
  struct Slot {
    std::uint32_t index_plus_one = 0;
    std::uint32_t hash = 0;    // the high 32 bits of the word's hash
    std::uint32_t offset = 0;  // the word is text_[offset, offset + length)
    std::uint32_t length = 0;
  };
  static std::uint64_t hash_of(std::string_view word);
  // The slot holding `word`, or the empty slot where it would go.
  std::size_t probe(std::string_view word, std::uint64_t hash) const;
  void grow();

  std::vector<std::string> words_;  // for word(): callers get a std::string
  std::string text_;                // the same words back to back, for the probes
  std::vector<Slot> slots_;         // size 0 or a power of two
};

}  // namespace glassbox
