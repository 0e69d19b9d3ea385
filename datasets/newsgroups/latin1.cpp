#include "datasets/newsgroups/latin1.hpp"

#include <algorithm>

namespace glassbox {

std::string latin1_to_utf8(std::string_view bytes) {
  // Counting first sizes the result exactly; almost every article is pure ASCII, and then the
  // whole conversion is one copy.
  const std::size_t high_bytes =
      static_cast<std::size_t>(std::count_if(bytes.begin(), bytes.end(), [](char byte) {
        return static_cast<unsigned char>(byte) >= 0x80;
      }));
  if (high_bytes == 0) return std::string(bytes);

  std::string text(bytes.size() + high_bytes, '\0');
  char* output = text.data();
  for (const char byte : bytes) {
    const unsigned char value = static_cast<unsigned char>(byte);
    if (value < 0x80) {
      *output++ = byte;
    } else {
      // U+0080..U+00FF: 110000xx 10xxxxxx, i.e. 0xC2 or 0xC3, then the low six bits.
      *output++ = static_cast<char>(0xC0 | (value >> 6));
      *output++ = static_cast<char>(0x80 | (value & 0x3F));
    }
  }
  return text;
}

}  // namespace glassbox
