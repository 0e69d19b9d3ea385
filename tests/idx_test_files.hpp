// Helpers shared by test_idx and test_mnist: a self-removing temporary folder and writers for
// small IDX files, raw or gzipped, well-formed or deliberately broken.
#pragma once

#include <doctest/doctest.h>
#include <zlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <system_error>
#include <vector>

namespace glassbox_test {

using Bytes = std::vector<std::uint8_t>;

// A fresh folder under the system temp directory, removed with everything in it at scope exit.
class TemporaryDirectory {
 public:
  explicit TemporaryDirectory(const std::string& purpose) {
    std::random_device entropy;
    path_ = std::filesystem::temp_directory_path() /
            ("glassbox_" + purpose + "_" + std::to_string(entropy()));
    std::filesystem::create_directories(path_);
  }
  ~TemporaryDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;

  std::string path() const { return path_.string(); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline void append_big_endian_32(Bytes& bytes, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back((value >> shift) & 0xFF);
}

// An IDX file: magic, the dims, then the body as given (so tests can make it too short or long).
inline Bytes idx_bytes(std::uint32_t magic, const std::vector<std::uint32_t>& dims,
                       const Bytes& body) {
  Bytes bytes;
  append_big_endian_32(bytes, magic);
  for (std::uint32_t size : dims) append_big_endian_32(bytes, size);
  bytes.insert(bytes.end(), body.begin(), body.end());
  return bytes;
}

// 0, 1, 2, ... (mod 256): every position is distinguishable.
inline Bytes counting_bytes(std::size_t count) {
  Bytes bytes(count);
  for (std::size_t index = 0; index < count; ++index) bytes[index] = index % 256;
  return bytes;
}

inline void write_raw(const std::string& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  REQUIRE(out.good());
}

inline void write_gzip(const std::string& path, const Bytes& bytes) {
  gzFile file = gzopen(path.c_str(), "wb");
  REQUIRE(file != nullptr);
  if (!bytes.empty()) {
    REQUIRE(gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size())) ==
            static_cast<int>(bytes.size()));
  }
  REQUIRE(gzclose(file) == Z_OK);
}

inline Bytes read_raw(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace glassbox_test
