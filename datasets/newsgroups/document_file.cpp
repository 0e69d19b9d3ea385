#include "datasets/newsgroups/document_file.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include "framework/errors.hpp"
#include "framework/read_whole_file.hpp"
#include "framework/serialization/json_checks.hpp"

namespace glassbox {
namespace {

// The formats a user is most likely to pass by mistake, by the bytes they start with.
const std::pair<const char*, std::string> known_formats[] = {
    {"a PNG image", std::string("\x89PNG\r\n\x1a\n", 8)},
    {"a JPEG image", std::string("\xff\xd8\xff", 3)},
    {"a GIF image", "GIF8"},
    {"gzip-compressed data", std::string("\x1f\x8b", 2)},
    {"a zip archive", std::string("PK\x03\x04", 4)},
    {"a PDF document", "%PDF-"},
    {"an executable (ELF)", std::string("\x7f"
                                        "ELF",
                                        4)},
};

// Control characters that plain text does not contain. Tab, line feed, vertical tab, form feed
// and carriage return (9–13) are layout; escape (27) starts the colour codes of terminal logs.
bool is_binary_control(unsigned char byte) {
  return (byte < 32 && !(byte >= 9 && byte <= 13) && byte != 27) || byte == 127;
}

std::string megabytes(double bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", bytes / 1e6);
  return text;
}

}  // namespace

std::string document_problem(const std::string& bytes) {
  const bool blank = std::all_of(bytes.begin(), bytes.end(),
                                 [](char c) { return c == ' ' || (c >= 9 && c <= 13); });
  if (blank) return bytes.empty() ? "is empty" : "holds only white space";
  for (const auto& [name, signature] : known_formats) {
    if (bytes.compare(0, signature.size(), signature) == 0) {
      return "is " + std::string(name) + ", not a text document";
    }
  }
  const auto nul = bytes.find('\0');
  if (nul != std::string::npos) {
    return "holds a NUL byte (at byte " + std::to_string(nul) +
           "): it is binary, not a text document";
  }
  const auto controls =
      static_cast<std::size_t>(std::count_if(bytes.begin(), bytes.end(), [](char c) {
        return is_binary_control(static_cast<unsigned char>(c));
      }));
  if (controls * 100 > bytes.size()) {
    return "looks binary, not like a text document: " + std::to_string(controls) + " of its " +
           std::to_string(bytes.size()) + " bytes are control characters";
  }
  return "";
}

std::string read_document_file(const std::string& path) {
  struct stat status;
  if (stat(path.c_str(), &status) != 0) {
    throw FileError(path, std::string("cannot open: ") + std::strerror(errno));
  }
  if (S_ISDIR(status.st_mode)) throw FileError(path, "is a folder, not a text document");
  if (!S_ISREG(status.st_mode)) {
    throw FileError(path, "is not a regular file (a device, pipe or socket), not a text document");
  }
  if (static_cast<std::size_t>(status.st_size) > max_document_bytes) {
    throw FileError(path, "is " + megabytes(static_cast<double>(status.st_size)) +
                              "; a document to explain may have at most " +
                              megabytes(static_cast<double>(max_document_bytes)));
  }
  std::string bytes = read_whole_file(path);
  const std::string problem = document_problem(bytes);
  if (!problem.empty()) throw FileError(path, problem);
  return bytes;
}

}  // namespace glassbox
