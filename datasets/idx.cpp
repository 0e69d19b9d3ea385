#include "datasets/idx.hpp"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <system_error>

#include "framework/errors.hpp"
#include "framework/string_affixes.hpp"

namespace glassbox {

namespace {

namespace fs = std::filesystem;

// gzread takes an unsigned and returns an int, so one call reads at most INT_MAX bytes. 1 GiB
// chunks keep the whole 47 MB MNIST body to a single call, which zlib inflates straight into our
// buffer without an intermediate copy.
constexpr std::size_t kLargestRead = std::size_t{1} << 30;

// zlib's input buffer (8 KiB by default); a larger one means fewer read() system calls.
constexpr unsigned kInputBufferBytes = 1u << 17;

// Deflate expands at most about 1032:1, so a header promising more than this many bytes per
// compressed byte cannot be honest; we then count the data instead of allocating for it.
constexpr std::uint64_t kMostExpansion = 1100;

std::string hex32(std::uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08X", static_cast<unsigned>(value));
  return text;
}

// "2051 (images: unsigned bytes, 3 dimensions)" or "0x00000D03 (element type 0x0D, 3 dimensions)".
std::string describe_magic(std::uint32_t magic) {
  if (magic == kIdxImagesMagic) return "2051 (IDX images: unsigned bytes, 3 dimensions)";
  if (magic == kIdxLabelsMagic) return "2049 (IDX labels: unsigned bytes, 1 dimension)";
  char text[64];
  std::snprintf(text, sizeof text, " (element type 0x%02X, %u dimensions)", (magic >> 8) & 0xFFu,
                magic & 0xFFu);
  return std::to_string(magic) + " = " + hex32(magic) + text;
}

// What the elements are, for messages: "pixels" reads better than "elements" to an MNIST user.
std::string element_noun(std::uint32_t magic) {
  if (magic == kIdxImagesMagic) return "pixels";
  if (magic == kIdxLabelsMagic) return "labels";
  return "data";
}

std::uint32_t big_endian_32(const std::uint8_t* bytes) {
  return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) |
         (std::uint32_t{bytes[2]} << 8) | std::uint32_t{bytes[3]};
}

// Reads a file through zlib, which inflates gzip data and passes other data through unchanged,
// turning every zlib error into a FileError that names the file and the compressed position.
class ByteReader {
 public:
  explicit ByteReader(const std::string& path) : path_(path) {
    errno = 0;
    file_ = gzopen(path.c_str(), "rb");
    if (file_ == nullptr) {
      throw FileError(path_, std::string("cannot open: ") +
                                 (errno != 0 ? std::strerror(errno) : "out of memory"));
    }
    gzbuffer(file_, kInputBufferBytes);  // must precede the first read
    // gzdirect looks at the first bytes: true when they are not a gzip header.
    compressed_ = gzdirect(file_) == 0;
  }
  ~ByteReader() { gzclose(file_); }
  ByteReader(const ByteReader&) = delete;
  ByteReader& operator=(const ByteReader&) = delete;

  bool compressed() const { return compressed_; }

  // "byte 16", or "uncompressed byte 16" for gzip files, where the offset is not the file's.
  std::string where(std::uint64_t offset) const {
    return (compressed_ ? "uncompressed byte " : "byte ") + std::to_string(offset);
  }

  // Reads up to `length` bytes; fewer only when the data ends. Throws FileError on any zlib error,
  // including a gzip stream cut short (which zlib reports only through gzerror).
  std::size_t read(std::uint8_t* destination, std::size_t length) {
    std::size_t total = 0;
    while (total < length) {
      const std::size_t chunk = std::min(length - total, kLargestRead);
      const int got = gzread(file_, destination + total, static_cast<unsigned>(chunk));
      check(got);
      total += static_cast<std::size_t>(got);
      if (static_cast<std::size_t>(got) < chunk) break;  // end of data
    }
    return total;
  }

  // Reads and discards everything left, returning how many bytes that was.
  std::uint64_t count_rest() {
    std::vector<std::uint8_t> scratch(std::size_t{1} << 16);
    std::uint64_t total = 0;
    for (;;) {
      const std::size_t got = read(scratch.data(), scratch.size());
      total += got;
      if (got < scratch.size()) return total;
    }
  }

 private:
  void check(int got) {
    int error_number = Z_OK;
    const char* message = gzerror(file_, &error_number);
    if (got >= 0 && error_number == Z_OK) return;
    // zlib prefixes its message with the path; FileError already names the file.
    std::string detail = message != nullptr ? message : "";
    const std::string prefix = path_ + ": ";
    if (detail.compare(0, prefix.size(), prefix) == 0) detail.erase(0, prefix.size());
    std::string problem;
    if (error_number == Z_BUF_ERROR) {
      problem = "truncated gzip stream: the compressed data ends early (" + detail + ")";
    } else if (error_number == Z_ERRNO) {
      problem = std::string("read error: ") + std::strerror(errno);
    } else if (error_number == Z_MEM_ERROR) {
      problem = "out of memory while decompressing";
    } else {
      problem = "corrupt gzip stream: " +
                (detail.empty() ? "zlib error " + std::to_string(error_number) : detail);
    }
    // zlib inflates ahead of what it hands us, so the uncompressed position would mislead; the
    // compressed offset it has consumed points near the damage (or at the end, when cut short).
    const long compressed_offset = gzoffset(file_);
    throw FileError(
        path_, problem,
        compressed_offset >= 0 ? "compressed byte " + std::to_string(compressed_offset) : "");
  }

  std::string path_;
  gzFile file_ = nullptr;
  bool compressed_ = false;
};

// Fails unless `path` names an existing, non-empty regular file; returns its size in bytes.
std::uint64_t check_regular_file(const std::string& path) {
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (!fs::exists(status)) throw FileError(path, "no such file");
  if (fs::is_directory(status)) throw FileError(path, "is a directory, not a file");
  if (!fs::is_regular_file(status)) throw FileError(path, "not a regular file");
  const std::uint64_t size = fs::file_size(path, error);
  if (error) throw FileError(path, "cannot read its size: " + error.message());
  if (size == 0) throw FileError(path, "empty file (0 bytes)");
  return size;
}

IdxArray read_idx_checked(const std::string& path, std::optional<std::uint32_t> expected_magic) {
  const std::uint64_t file_size = check_regular_file(path);
  ByteReader reader(path);
  if (ends_with(path, ".gz") && !reader.compressed()) {
    throw FileError(path,
                    "not gzip-compressed although the name ends in .gz (a failed or interrupted "
                    "download?)",
                    "byte 0");
  }
  const std::string expected_text =
      expected_magic ? "; expected " + describe_magic(*expected_magic) : "";

  // Magic number: two zero bytes, the element type, the number of dimensions.
  std::uint8_t magic_bytes[4];
  const std::size_t magic_got = reader.read(magic_bytes, 4);
  if (magic_got == 0) {
    throw FileError(path, "empty: the gzip stream decompresses to 0 bytes", reader.where(0));
  }
  if (magic_got < 4) {
    throw FileError(path,
                    "truncated header: expected a 4-byte magic number, found " +
                        std::to_string(magic_got) + " bytes",
                    reader.where(0));
  }
  IdxArray array;
  array.magic = big_endian_32(magic_bytes);
  if (magic_bytes[0] != 0 || magic_bytes[1] != 0) {
    throw FileError(path,
                    "bad magic number " + hex32(array.magic) +
                        ": not an IDX file (IDX files start with two zero bytes)" + expected_text,
                    reader.where(0));
  }
  if (magic_bytes[2] != 0x08) {
    char type[8];
    std::snprintf(type, sizeof type, "0x%02X", magic_bytes[2]);
    throw FileError(path,
                    "bad magic number " + describe_magic(array.magic) +
                        ": unsupported element type " + type +
                        " (glassbox reads only unsigned bytes, 0x08)" + expected_text,
                    reader.where(2));
  }
  if (magic_bytes[3] == 0) {
    throw FileError(
        path, "bad magic number " + describe_magic(array.magic) + ": 0 dimensions" + expected_text,
        reader.where(3));
  }
  if (expected_magic && array.magic != *expected_magic) {
    throw FileError(path, "wrong magic number " + describe_magic(array.magic) + expected_text,
                    reader.where(0));
  }

  // Dimension sizes.
  const std::size_t dimension_count = magic_bytes[3];
  std::vector<std::uint8_t> size_bytes(4 * dimension_count);
  const std::size_t sizes_got = reader.read(size_bytes.data(), size_bytes.size());
  if (sizes_got < size_bytes.size()) {
    throw FileError(path,
                    "truncated header: expected " + std::to_string(dimension_count) +
                        " dimension sizes (" + std::to_string(size_bytes.size()) +
                        " bytes), found " + std::to_string(sizes_got) + " bytes",
                    reader.where(4));
  }
  std::uint64_t element_count = 1;
  bool overflow = false;
  std::string dims_text;
  for (std::size_t axis = 0; axis < dimension_count; ++axis) {
    const std::uint32_t size = big_endian_32(&size_bytes[4 * axis]);
    array.dims.push_back(size);
    dims_text += (axis == 0 ? "" : "x") + std::to_string(size);
    overflow =
        overflow || __builtin_mul_overflow(element_count, std::uint64_t{size}, &element_count);
  }
  // PTRDIFF_MAX is the most a std::vector of bytes can hold.
  if (overflow || element_count > static_cast<std::uint64_t>(PTRDIFF_MAX)) {
    throw FileError(path, "dimension sizes " + dims_text + " overflow: too many elements to hold",
                    reader.where(4));
  }

  // Body: exactly element_count bytes, then the end of the data.
  const std::uint64_t header_bytes = 4 + size_bytes.size();
  const std::string noun = element_noun(array.magic);
  const std::uint64_t most_possible = reader.compressed()
                                          ? file_size * kMostExpansion
                                          : file_size - std::min(file_size, header_bytes);
  std::uint64_t body_got = 0;
  if (element_count <= most_possible) {
    array.values.resize(static_cast<std::size_t>(element_count));
    body_got = reader.read(array.values.data(), array.values.size());
  } else {
    body_got = reader.count_rest();  // the header lies; do not allocate what it claims
  }
  // The header's sizes explain the expected count when there are several of them.
  const std::string header_says =
      dimension_count > 1 ? " (the header gives " + dims_text + ")" : std::string();
  if (body_got < element_count) {
    throw FileError(path,
                    "truncated: expected " + std::to_string(element_count) + " bytes of " + noun +
                        ", found " + std::to_string(body_got) + header_says,
                    reader.where(header_bytes + body_got));
  }
  // Reading to the end also makes zlib verify the gzip trailer's CRC and length.
  const std::uint64_t extra = reader.count_rest();
  if (extra > 0) {
    throw FileError(path,
                    "trailing data: expected " + std::to_string(element_count) + " bytes of " +
                        noun + " after the header, found " + std::to_string(element_count + extra) +
                        " (" + std::to_string(extra) + " extra bytes)" + header_says,
                    reader.where(header_bytes + element_count));
  }
  return array;
}

}  // namespace

IdxArray read_idx(const std::string& path) {
  return read_idx_checked(path, std::nullopt);
}

IdxArray read_idx(const std::string& path, std::uint32_t expected_magic) {
  return read_idx_checked(path, expected_magic);
}

}  // namespace glassbox
