// Tokenizer: UTF-8 text to lower-cased word tokens, the units that vocabularies and features count.
//
// Rule. A token is a maximal run of word characters, kept when it is at least 2 characters long
// (characters, not bytes: a lone "é" is 2 bytes but 1 character, so no token). Word characters:
//   - ASCII letters and digits: a-z, A-Z, 0-9;
//   - Latin-1 letters: U+00C0..U+00FF except the signs × (U+00D7) and ÷ (U+00F7), plus ª (U+00AA),
//     µ (U+00B5) and º (U+00BA).
// Everything else separates tokens: whitespace and punctuation, including apostrophes, hyphens and
// underscores; the other Latin-1 symbols (° ² ½ « ...); NUL and control bytes; code points above
// U+00FF; bytes that are not valid UTF-8. So no input can fail.
//
// Lower-casing: A-Z become a-z, and À..Þ (U+00C0..U+00DE, except ×) become à..þ (U+00E0..U+00FE);
// ß, ÿ, ª, µ and º stay as they are. Accents are kept: "café" and "cafe" are different tokens.
//
// Examples:
//   "Don't"        -> "don"            (the "t" after the apostrophe is 1 character)
//   "e-mail"       -> "mail"           ("e" is 1 character)
//   "MS-DOS 6.0"   -> "ms", "dos"      ("6" and "0" are 1 character each)
//   "file_name"    -> "file", "name"
//   "1993, 3.14"   -> "1993", "14"
//   "CAFÉ über"    -> "café", "über"
//   "C++ and I/O"  -> "and"
//
// Cost: one pass over the bytes with two table lookups, no allocation once the tokenizer's buffers
// have grown to the longest document. Lower-casing keeps every character's byte length, so the
// lower-cased copy is as long as the input and tokens are views into it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace glassbox {

// Reusable: keep one per thread and call tokenize() for each document.
class Tokenizer {
 public:
  // The tokens of `text`, in order, lower-cased. The views point into this tokenizer's buffer and
  // stay valid until the next call.
  const std::vector<std::string_view>& tokenize(std::string_view text);

  // Where `token`, one of the last call's tokens, starts in the text it was cut from: a byte
  // offset. Lower-casing keeps every character's byte length, so the offset and token.size()
  // locate the original spelling.
  std::size_t offset(std::string_view token) const {
    return static_cast<std::size_t>(token.data() - lowered_.data());
  }

 private:
  std::string lowered_;
  std::vector<std::string_view> tokens_;
};

// The same tokens as owned strings: convenient in tests and examples, slower in loops.
std::vector<std::string> tokenize(std::string_view text);

}  // namespace glassbox
