#include "explain/report/float_base64.hpp"

#include <cstdint>
#include <cstring>
#include <vector>

namespace glassbox::explain {
namespace {

// The float's bytes, least significant first, whatever the machine's own order.
void append_little_endian(std::vector<unsigned char>& bytes, float value) {
  std::uint32_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  for (int shift = 0; shift < 32; shift += 8) {
    bytes.push_back(static_cast<unsigned char>(bits >> shift));
  }
}

}  // namespace

std::string float32_base64(const float* values, std::size_t count) {
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::vector<unsigned char> bytes;
  bytes.reserve(4 * count);
  for (std::size_t i = 0; i < count; ++i) append_little_endian(bytes, values[i]);

  std::string text;
  text.reserve((bytes.size() + 2) / 3 * 4);
  // Each 3 bytes are 24 bits, written as four 6-bit letters; a last group of 1 or 2 bytes is
  // padded with '='.
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t left = bytes.size() - i;
    const std::uint32_t group = (std::uint32_t{bytes[i]} << 16) |
                                (left > 1 ? std::uint32_t{bytes[i + 1]} << 8 : 0) |
                                (left > 2 ? std::uint32_t{bytes[i + 2]} : 0);
    text += alphabet[(group >> 18) & 63];
    text += alphabet[(group >> 12) & 63];
    text += left > 1 ? alphabet[(group >> 6) & 63] : '=';
    text += left > 2 ? alphabet[group & 63] : '=';
  }
  return text;
}

}  // namespace glassbox::explain
