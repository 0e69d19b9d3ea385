#include "datasets/newsgroups/tokenizer.hpp"

#include <array>
#include <cstdint>

namespace glassbox {

namespace {

// For each byte: its lower-case form when it is an ASCII word character, else 0 (so every byte
// >= 0x80 is 0, and the hot loop needs no separate ASCII test).
constexpr std::array<std::uint8_t, 256> make_ascii_table() {
  std::array<std::uint8_t, 256> table{};
  for (std::size_t c = '0'; c <= '9'; ++c) table[c] = static_cast<std::uint8_t>(c);
  for (std::size_t c = 'a'; c <= 'z'; ++c) table[c] = static_cast<std::uint8_t>(c);
  for (std::size_t c = 'A'; c <= 'Z'; ++c) table[c] = static_cast<std::uint8_t>(c - 'A' + 'a');
  return table;
}

// For each code point U+0080..U+00FF (index code - 0x80): its lower-case code point when it is a
// letter, else 0.
constexpr std::array<std::uint8_t, 128> make_latin1_table() {
  std::array<std::uint8_t, 128> table{};
  table[0xAA - 0x80] = 0xAA;  // ª
  table[0xB5 - 0x80] = 0xB5;  // µ
  table[0xBA - 0x80] = 0xBA;  // º
  for (std::size_t code = 0xC0; code <= 0xFF; ++code) {
    if (code == 0xD7 || code == 0xF7) continue;  // × and ÷ are signs, not letters
    const bool upper = code <= 0xDE;             // À..Þ; ß (0xDF) has no one-letter upper case
    table[code - 0x80] = static_cast<std::uint8_t>(upper ? code + 0x20 : code);
  }
  return table;
}

constexpr std::array<std::uint8_t, 256> kAsciiWord = make_ascii_table();
constexpr std::array<std::uint8_t, 128> kLatin1Letter = make_latin1_table();

constexpr std::size_t kShortestToken = 2;  // characters

// The lower-cased code point of the two-byte sequence at `bytes` when it is a Latin-1 letter
// (0xC2 or 0xC3, then a continuation byte), else 0. The caller guarantees two readable bytes.
inline unsigned latin1_letter(const unsigned char* bytes) {
  if ((bytes[0] != 0xC2 && bytes[0] != 0xC3) || (bytes[1] & 0xC0) != 0x80) return 0;
  const unsigned code = ((bytes[0] & 0x1Fu) << 6) | (bytes[1] & 0x3Fu);  // 0x80..0xFF
  return kLatin1Letter[code - 0x80];
}

}  // namespace

const std::vector<std::string_view>& Tokenizer::tokenize(std::string_view text) {
  tokens_.clear();
  lowered_.resize(text.size());  // before any view into it is taken
  const auto* input = reinterpret_cast<const unsigned char*>(text.data());
  char* output = lowered_.data();
  const std::size_t size = text.size();

  std::size_t position = 0;
  while (position < size) {
    // Each pass reads the run of word characters that starts at `position` (ASCII in the tight
    // inner loop, Latin-1 letters between), or steps over one separator byte when none starts
    // there. The bytes of other multi-byte sequences are stepped over one by one: none of them
    // can start a word character, which is an ASCII byte or a 0xC2/0xC3 lead.
    const std::size_t start = position;
    std::size_t characters = 0;
    for (;;) {
      while (position < size && kAsciiWord[input[position]] != 0) {
        output[position] = static_cast<char>(kAsciiWord[input[position]]);
        ++position;
        ++characters;
      }
      if (position + 1 >= size || input[position] < 0x80) break;
      const unsigned lower = latin1_letter(input + position);
      if (lower == 0) break;
      output[position] = static_cast<char>(0xC0 | (lower >> 6));
      output[position + 1] = static_cast<char>(0x80 | (lower & 0x3F));
      position += 2;
      ++characters;
    }
    if (characters >= kShortestToken) tokens_.emplace_back(output + start, position - start);
    if (characters == 0) ++position;  // `start` was a separator
  }
  return tokens_;
}

std::vector<std::string> tokenize(std::string_view text) {
  Tokenizer tokenizer;
  const std::vector<std::string_view>& views = tokenizer.tokenize(text);
  return std::vector<std::string>(views.begin(), views.end());
}

}  // namespace glassbox
