// Reading a text file that a user gives a text model to explain (`glassbox explain --input
// letter.txt` on a 20 Newsgroups model), refusing what is not a text document.
//
// Any bytes can be decoded as Latin-1 (latin1.hpp) and tokenized, so without a check a PNG, a
// compressed archive, an empty file or a folder would be "explained": a heatmap over the few
// letter runs found in binary junk, or over nothing. A document is refused when it is
//   - not a regular file: a folder, a device, a pipe or a socket;
//   - larger than max_document_bytes (20 Newsgroups articles are at most a few hundred KB);
//   - empty, or nothing but white space;
//   - a known binary format, by its first bytes: PNG, JPEG, GIF, gzip, zip, PDF, ELF;
//   - binary: any NUL byte, or control characters (other than tab, line feed, vertical tab, form
//     feed, carriage return and escape) in more than 1% of its bytes.
// Bytes from 0x80 up are text (Latin-1 or UTF-8), so non-English documents pass.
#pragma once

#include <cstddef>
#include <string>

namespace glassbox {

inline constexpr std::size_t max_document_bytes = std::size_t{16} << 20;  // 16 MiB

// The contents of the text file at `path`. FileError naming `path` and saying what the file is
// instead (a folder, a PNG image, binary with a NUL at byte N, ...) for anything listed above.
std::string read_document_file(const std::string& path);

// Why `bytes` is not a text document, or "" when it is one (the checks above after the first
// two). For callers that have the bytes already.
std::string document_problem(const std::string& bytes);

}  // namespace glassbox
