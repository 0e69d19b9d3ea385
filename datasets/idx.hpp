// Reader for the IDX format in which MNIST is distributed, gzip-compressed or not.
//
// Layout (all integers big-endian):
//   bytes 0-1  zero
//   byte  2    element type (0x08 = unsigned byte, the only type glassbox reads)
//   byte  3    number of dimensions D
//   then       D sizes, 4 bytes each (MNIST images: N, 28, 28; labels: N)
//   then       size_0 · ... · size_{D-1} elements, row-major
// So the magic number (bytes 0-3 read as one integer) is 2051 for MNIST images and 2049 for labels.
//
// Every malformation (missing file, wrong magic, truncated or overlong data, corrupt gzip) throws
// glassbox::FileError naming the file, the problem and the byte position.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace glassbox {

inline constexpr std::uint32_t kIdxImagesMagic = 2051;  // 0x00000803: unsigned bytes, 3 dimensions
inline constexpr std::uint32_t kIdxLabelsMagic = 2049;  // 0x00000801: unsigned bytes, 1 dimension

struct IdxArray {
  std::uint32_t magic = 0;
  std::vector<std::size_t> dims;     // D sizes, e.g. {60000, 28, 28}
  std::vector<std::uint8_t> values;  // product of dims bytes, row-major, as stored
};

// Reads an IDX file of unsigned bytes. zlib reads gzip-compressed and uncompressed files alike; a
// file whose name ends in ".gz" must really be gzip-compressed (an uncompressed one there is
// usually a failed download).
IdxArray read_idx(const std::string& path);

// Same, and the magic number must be `expected_magic` (kIdxImagesMagic or kIdxLabelsMagic).
IdxArray read_idx(const std::string& path, std::uint32_t expected_magic);

}  // namespace glassbox
