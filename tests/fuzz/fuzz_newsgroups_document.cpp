// libFuzzer target for the 20 Newsgroups document path: the bytes of one article go through the
// same steps the reader and the text pipeline apply (Latin-1 decoding, header/footer/quote removal,
// tokenizing). None of these may fail on any input; the checks below are the invariants their
// headers promise.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "datasets/newsgroups/document_cleaning.hpp"
#include "datasets/newsgroups/latin1.hpp"
#include "datasets/newsgroups/tokenizer.hpp"

namespace {

// Well-formed UTF-8 (latin1.hpp promises code points up to U+00FF: one byte, or 0xC2/0xC3 + one).
bool valid_latin1_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) continue;
    if ((byte != 0xC2 && byte != 0xC3) || i + 1 == text.size()) return false;
    const auto next = static_cast<unsigned char>(text[++i]);
    if ((next & 0xC0) != 0x80) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks the cleaning switches, so that every combination gets explored.
  glassbox::CleaningOptions options;
  options.remove_headers = data[0] & 1;
  options.remove_footers = data[0] & 2;
  options.remove_quotes = data[0] & 4;
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);

  const std::string text = glassbox::latin1_to_utf8(bytes);
  if (text.size() < bytes.size() || text.size() > 2 * bytes.size()) std::abort();
  if (!valid_latin1_utf8(text)) std::abort();

  const std::string cleaned = glassbox::clean_document(text, options);
  // Cleaning only removes lines, so it never adds text.
  if (cleaned.size() > text.size()) std::abort();

  glassbox::Tokenizer tokenizer;
  for (std::string_view token : tokenizer.tokenize(cleaned)) {
    if (token.empty()) std::abort();
  }
  return 0;
}
