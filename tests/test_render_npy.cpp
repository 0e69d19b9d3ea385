// Raw relevance as .npy (explain/render/npy.hpp): the exact header bytes numpy expects, the data
// bytes, the atomic write, and a read back with xtensor's loader.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <xtensor/xnpy.hpp>

#include "explain/render/npy.hpp"
#include "framework/errors.hpp"
#include "tests/test_render_files.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_render_npy {

using glassbox::FileError;
using glassbox::Tensor;
using glassbox_render_test::read_file;
using glassbox_render_test::ScratchDirectory;
using namespace glassbox::render;

namespace {

// The header dictionary, without its padding, as numpy.save would write it for float32 data.
std::string header_text(const std::string& bytes) {
  const std::size_t length = static_cast<unsigned char>(bytes[8]) |
                             (static_cast<std::size_t>(static_cast<unsigned char>(bytes[9])) << 8);
  return bytes.substr(10, length);
}

}  // namespace

TEST_CASE("the .npy header is NPY 1.0 with descr, C order and the shape, padded to 64 bytes") {
  const Tensor values = {{0.5f, -1.0f, 2.0f}, {3.25f, 0.0f, -7.5f}};
  const std::string bytes = encode_npy(values);
  REQUIRE(bytes.size() > 10);
  CHECK(bytes.substr(0, 8) == std::string("\x93NUMPY\x01\x00", 8));
  const std::string header = header_text(bytes);
  CHECK(header.rfind("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 0) == 0);
  CHECK(header.back() == '\n');
  // Everything between the dictionary and the newline is spaces.
  const std::size_t closing = header.find('}');
  CHECK(header.find_first_not_of(' ', closing + 1) == header.size() - 1);
  const std::size_t data_start = 10 + header.size();
  CHECK(data_start % 64 == 0);

  // Then the six float32 values, row-major, in the machine's (little-endian) byte order.
  REQUIRE(bytes.size() == data_start + 6 * sizeof(float));
  std::vector<float> data(6);
  std::memcpy(data.data(), bytes.data() + data_start, 6 * sizeof(float));
  CHECK(data == std::vector<float>{0.5f, -1.0f, 2.0f, 3.25f, 0.0f, -7.5f});
  const std::uint8_t first_bytes[4] = {0x00, 0x00, 0x00, 0x3F};  // 0.5f = 0x3F000000
  CHECK(std::memcmp(bytes.data() + data_start, first_bytes, 4) == 0);
}

TEST_CASE("one-dimensional and four-dimensional shapes are written the way numpy writes them") {
  CHECK(header_text(encode_npy(Tensor(xt::zeros<float>({5})))).find("'shape': (5,)") !=
        std::string::npos);
  CHECK(header_text(encode_npy(Tensor(xt::zeros<float>({1, 1, 28, 28}))))
            .find("'shape': (1, 1, 28, 28)") != std::string::npos);
}

TEST_CASE("write_npy writes the same bytes atomically, and xtensor reads them back") {
  ScratchDirectory directory("render_npy");
  Tensor relevance = xt::zeros<float>({28, 28});
  for (std::size_t index = 0; index < relevance.size(); ++index) {
    relevance.data()[index] = 0.001f * static_cast<float>(index) - 0.3f;
  }
  const std::string path = directory.file("relevance.npy");
  write_npy(path, relevance);
  CHECK(read_file(path) == encode_npy(relevance));
  CHECK(directory.entries() == std::vector<std::string>{"relevance.npy"});
  const auto loaded = xt::load_npy<float>(path);
  CHECK(loaded == relevance);

  const std::string nowhere = directory.file("missing_folder/relevance.npy");
  CHECK_THROWS_AS(write_npy(nowhere, relevance), FileError);
}

}  // namespace test_render_npy
