#include "datasets/newsgroups/tokenizer.hpp"

#include <array>
#include <cstdint>

namespace glassbox {

namespace {

// For each ASCII byte: its lower-case form when it is a word character, else 0.
constexpr std::array<std::uint8_t, 128> make_ascii_table() {
  std::array<std::uint8_t, 128> table{};
  for (int c = '0'; c <= '9'; ++c) table[c] = static_cast<std::uint8_t>(c);
  for (int c = 'a'; c <= 'z'; ++c) table[c] = static_cast<std::uint8_t>(c);
  for (int c = 'A'; c <= 'Z'; ++c) table[c] = static_cast<std::uint8_t>(c - 'A' + 'a');
  return table;
}

// For each code point U+0080..U+00FF (index code - 0x80): its lower-case code point when it is a
// letter, else 0.
constexpr std::array<std::uint8_t, 128> make_latin1_table() {
  std::array<std::uint8_t, 128> table{};
  table[0xAA - 0x80] = 0xAA;  // ª
  table[0xB5 - 0x80] = 0xB5;  // µ
  table[0xBA - 0x80] = 0xBA;  // º
  for (int code = 0xC0; code <= 0xFF; ++code) {
    if (code == 0xD7 || code == 0xF7) continue;  // × and ÷ are signs, not letters
    const bool upper = code <= 0xDE;             // À..Þ; ß (0xDF) has no one-letter upper case
    table[code - 0x80] = static_cast<std::uint8_t>(upper ? code + 0x20 : code);
  }
  return table;
}

constexpr std::array<std::uint8_t, 128> kAsciiWord = make_ascii_table();
constexpr std::array<std::uint8_t, 128> kLatin1Letter = make_latin1_table();

constexpr std::size_t kShortestToken = 2;  // characters

}  // namespace

const std::vector<std::string_view>& Tokenizer::tokenize(std::string_view text) {
  tokens_.clear();
  lowered_.resize(text.size());  // before any view into it is taken
  const auto* input = reinterpret_cast<const unsigned char*>(text.data());
  char* output = lowered_.data();
  const std::size_t size = text.size();

  std::size_t start = 0;       // byte where the current run began
  std::size_t characters = 0;  // characters in the current run (0: not in a run)
  auto end_run = [&](std::size_t end) {
    if (characters >= kShortestToken) tokens_.emplace_back(output + start, end - start);
    characters = 0;
  };

  std::size_t position = 0;
  while (position < size) {
    const unsigned char byte = input[position];
    if (byte < 0x80) {
      const std::uint8_t lower = kAsciiWord[byte];
      if (lower != 0) {
        if (characters++ == 0) start = position;
        output[position++] = static_cast<char>(lower);
        continue;
      }
    } else if ((byte == 0xC2 || byte == 0xC3) && position + 1 < size &&
               (input[position + 1] & 0xC0) == 0x80) {
      // A two-byte sequence for U+0080..U+00FF: the lead byte holds the top 2 bits.
      const unsigned code = ((byte & 0x1Fu) << 6) | (input[position + 1] & 0x3Fu);
      const std::uint8_t lower = kLatin1Letter[code - 0x80];
      if (lower != 0) {
        if (characters++ == 0) start = position;
        output[position] = static_cast<char>(0xC0 | (lower >> 6));
        output[position + 1] = static_cast<char>(0x80 | (lower & 0x3F));
        position += 2;
        continue;
      }
    }
    // A separator. Bytes of other multi-byte sequences are separators one by one: none of them
    // is an ASCII byte or a 0xC2/0xC3 lead followed by a continuation, so none can start a word.
    end_run(position);
    ++position;
  }
  end_run(size);
  return tokens_;
}

std::vector<std::string> tokenize(std::string_view text) {
  Tokenizer tokenizer;
  const std::vector<std::string_view>& views = tokenizer.tokenize(text);
  return std::vector<std::string>(views.begin(), views.end());
}

}  // namespace glassbox
