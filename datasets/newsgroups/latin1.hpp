// Latin-1 (ISO 8859-1) bytes to UTF-8 text.
//
// The 20 Newsgroups articles are raw Latin-1 bytes: mostly ASCII, with a few bytes >= 0x80 (73 of
// the 18,846 files). Latin-1 maps byte b to code point U+00b, so the decoding cannot fail: bytes
// below 0x80 stay as they are (NUL and control bytes included), and each byte 0x80..0xFF becomes
// its two-byte UTF-8 form 0xC2/0xC3 plus one continuation byte. Everything after the reader is
// valid UTF-8 whose code points are all <= U+00FF.
#pragma once

#include <string>
#include <string_view>

namespace glassbox {

// `bytes` read as Latin-1, written as UTF-8. The result is at most twice as long.
std::string latin1_to_utf8(std::string_view bytes);

}  // namespace glassbox
