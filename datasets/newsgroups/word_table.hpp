// A set of distinct words, each with a dense index in insertion order: the map from a token to its
// row in a count table, looked up once per token of every document.
//
// Lookups take a std::string_view, so a token from the tokenizer's buffer is looked up without
// being copied into a std::string (C++17's std::unordered_map cannot do that). The table stores
// indices, not pointers into the words, so copying or moving it keeps it valid.
//
// Layout: open addressing with linear probing in a power-of-two array of slots, at most half full.
// A slot holds the word's index + 1 (0 = empty) and 32 bits of its hash, so a probe compares the
// stored word only when those 32 bits agree.
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
    std::uint32_t hash = 0;
  };
  static std::uint64_t hash_of(std::string_view word);
  // The slot holding `word`, or the empty slot where it would go.
  std::size_t probe(std::string_view word, std::uint64_t hash) const;
  void grow();

  std::vector<std::string> words_;
  std::vector<Slot> slots_;  // size 0 or a power of two
};

}  // namespace glassbox
