// The IDX reader (datasets/idx.hpp) on small files written here, raw and gzipped, well-formed and
// broken in each way the reader must catch. Every failure must be a FileError whose message names
// the file and the problem.
#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "datasets/idx.hpp"
#include "framework/errors.hpp"
#include "tests/idx_test_files.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_idx {

namespace fs = std::filesystem;
using glassbox::FileError;
using glassbox::IdxArray;
using glassbox::kIdxImagesMagic;
using glassbox::kIdxLabelsMagic;
using glassbox::read_idx;
using glassbox_test::Bytes;
using glassbox_test::counting_bytes;
using glassbox_test::idx_bytes;
using glassbox_test::read_raw;
using glassbox_test::TemporaryDirectory;
using glassbox_test::write_gzip;
using glassbox_test::write_raw;

namespace {

// The message of the FileError that reading `path` throws; fails the test if it throws nothing
// or something else. Also checks that the error records the file.
std::string idx_error(const std::string& path, std::uint32_t expected_magic = 0) {
  try {
    if (expected_magic == 0) {
      read_idx(path);
    } else {
      read_idx(path, expected_magic);
    }
  } catch (const FileError& error) {
    CHECK(error.file() == path);
    const std::string message = error.what();
    CHECK_MESSAGE(message.find(path) != std::string::npos, message);
    return message;
  }
  FAIL("reading " << path << " did not throw a FileError");
  return "";
}

// Substring check that prints the whole message when it fails.
void check_mentions(const std::string& message, const std::string& part) {
  CHECK_MESSAGE(message.find(part) != std::string::npos,
                "expected \"" << part << "\" in: " << message);
}

}  // namespace

TEST_CASE("reads images and labels, raw and gzipped, with identical results") {
  TemporaryDirectory directory("test_idx");
  const Bytes pixels = counting_bytes(3 * 4 * 5);
  const Bytes image_file = idx_bytes(kIdxImagesMagic, {3, 4, 5}, pixels);
  const Bytes labels = {7, 0, 9};
  const Bytes label_file = idx_bytes(kIdxLabelsMagic, {3}, labels);

  write_raw(directory.file("images.idx"), image_file);
  write_gzip(directory.file("images.idx.gz"), image_file);
  write_raw(directory.file("labels.idx"), label_file);
  write_gzip(directory.file("labels.idx.gz"), label_file);

  for (const std::string name : {"images.idx", "images.idx.gz"}) {
    CAPTURE(name);
    const IdxArray images = read_idx(directory.file(name), kIdxImagesMagic);
    CHECK(images.magic == kIdxImagesMagic);
    CHECK(images.dims == std::vector<std::size_t>{3, 4, 5});
    CHECK(images.values == pixels);
  }
  for (const std::string name : {"labels.idx", "labels.idx.gz"}) {
    CAPTURE(name);
    const IdxArray read = read_idx(directory.file(name));  // any magic accepted
    CHECK(read.magic == kIdxLabelsMagic);
    CHECK(read.dims == std::vector<std::size_t>{3});
    CHECK(read.values == labels);
  }
}

TEST_CASE("a gzip file is recognised by content, not by name") {
  TemporaryDirectory directory("test_idx");
  const Bytes file = idx_bytes(kIdxLabelsMagic, {4}, {1, 2, 3, 4});
  write_gzip(directory.file("labels-without-suffix"), file);
  CHECK(read_idx(directory.file("labels-without-suffix")).values == Bytes{1, 2, 3, 4});
}

TEST_CASE("reads a body larger than zlib's buffers and an empty one") {
  TemporaryDirectory directory("test_idx");
  // 1000 images of 28x28 with pseudo-random pixels (hard to compress): many internal buffer
  // refills.
  std::mt19937 generator(5);
  Bytes pixels(1000 * 28 * 28);
  for (auto& pixel : pixels) pixel = generator() & 0xFF;
  write_gzip(directory.file("big.gz"), idx_bytes(kIdxImagesMagic, {1000, 28, 28}, pixels));
  CHECK(read_idx(directory.file("big.gz"), kIdxImagesMagic).values == pixels);

  write_raw(directory.file("zero.idx"), idx_bytes(kIdxLabelsMagic, {0}, {}));
  const IdxArray zero = read_idx(directory.file("zero.idx"));
  CHECK(zero.dims == std::vector<std::size_t>{0});
  CHECK(zero.values.empty());
}

TEST_CASE("missing files, directories and empty files") {
  TemporaryDirectory directory("test_idx");
  check_mentions(idx_error(directory.file("absent.gz")), "no such file");

  fs::create_directory(directory.file("folder.gz"));
  check_mentions(idx_error(directory.file("folder.gz")), "is a directory");

  if (fs::exists("/dev/null")) check_mentions(idx_error("/dev/null"), "not a regular file");

  write_raw(directory.file("empty.idx"), {});
  check_mentions(idx_error(directory.file("empty.idx")), "empty file");

  write_gzip(directory.file("empty-content.gz"), {});  // a valid gzip stream of nothing
  check_mentions(idx_error(directory.file("empty-content.gz")), "empty");
}

TEST_CASE("magic numbers") {
  TemporaryDirectory directory("test_idx");
  const std::string images = directory.file("images.idx");
  write_raw(images, idx_bytes(kIdxImagesMagic, {1, 2, 2}, {1, 2, 3, 4}));

  SUBCASE("images where labels are expected") {
    const std::string message = idx_error(images, kIdxLabelsMagic);
    check_mentions(message, "wrong magic number 2051");
    check_mentions(message, "expected 2049");
  }
  SUBCASE("not an IDX file at all") {
    const std::string path = directory.file("text.idx");
    write_raw(path, {'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd'});
    check_mentions(idx_error(path), "bad magic number 0x68656C6C");
    check_mentions(idx_error(path, kIdxImagesMagic), "expected 2051");
  }
  SUBCASE("element type other than unsigned byte") {
    const std::string path = directory.file("floats.idx");
    write_raw(path, idx_bytes(0x00000D01, {1}, {0, 0, 0, 0}));
    check_mentions(idx_error(path), "unsupported element type 0x0D");
  }
  SUBCASE("zero dimensions") {
    const std::string path = directory.file("scalar.idx");
    write_raw(path, idx_bytes(0x00000800, {}, {42}));
    check_mentions(idx_error(path), "0 dimensions");
  }
  SUBCASE("a file named .gz that is not gzip-compressed") {
    const std::string path = directory.file("uncompressed.gz");
    write_raw(path, idx_bytes(kIdxLabelsMagic, {1}, {3}));
    check_mentions(idx_error(path), "not gzip-compressed");
  }
}

TEST_CASE("truncated headers") {
  TemporaryDirectory directory("test_idx");
  const Bytes whole = idx_bytes(kIdxImagesMagic, {2, 3, 3}, counting_bytes(18));
  for (bool gzipped : {false, true}) {
    CAPTURE(gzipped);
    const std::string suffix = gzipped ? ".gz" : "";
    auto write = [&](const std::string& path, const Bytes& bytes) {
      gzipped ? write_gzip(path, bytes) : write_raw(path, bytes);
    };
    const std::string in_magic = directory.file("cut-in-magic" + suffix);
    write(in_magic, Bytes(whole.begin(), whole.begin() + 2));
    check_mentions(idx_error(in_magic),
                   "truncated header: expected a 4-byte magic number, found 2");

    const std::string in_dims = directory.file("cut-in-dims" + suffix);
    write(in_dims, Bytes(whole.begin(), whole.begin() + 9));
    check_mentions(idx_error(in_dims),
                   "truncated header: expected 3 dimension sizes (12 bytes), found 5 bytes");
  }
}

TEST_CASE("dimension sizes that overflow") {
  TemporaryDirectory directory("test_idx");
  const std::string path = directory.file("huge.idx");
  write_raw(path, idx_bytes(kIdxImagesMagic, {0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF}, {1, 2, 3}));
  const std::string message = idx_error(path);
  check_mentions(message, "4294967295x4294967295x4294967295");
  check_mentions(message, "overflow");
}

TEST_CASE("bodies shorter or longer than the header says") {
  TemporaryDirectory directory("test_idx");
  for (bool gzipped : {false, true}) {
    CAPTURE(gzipped);
    const std::string suffix = gzipped ? ".gz" : "";
    auto write = [&](const std::string& path, const Bytes& bytes) {
      gzipped ? write_gzip(path, bytes) : write_raw(path, bytes);
    };
    const std::string short_images = directory.file("short-images" + suffix);
    write(short_images, idx_bytes(kIdxImagesMagic, {2, 3, 3}, counting_bytes(5)));
    check_mentions(idx_error(short_images), "truncated: expected 18 bytes of pixels");
    check_mentions(idx_error(short_images), "found 5");

    const std::string short_labels = directory.file("short-labels" + suffix);
    write(short_labels, idx_bytes(kIdxLabelsMagic, {10}, counting_bytes(9)));
    check_mentions(idx_error(short_labels), "truncated: expected 10 bytes of labels, found 9");

    const std::string no_body = directory.file("no-body" + suffix);
    write(no_body, idx_bytes(kIdxLabelsMagic, {10}, {}));
    check_mentions(idx_error(no_body), "truncated: expected 10 bytes of labels, found 0");

    // A header claiming far more than the file could hold is reported, not allocated.
    const std::string lying = directory.file("lying" + suffix);
    write(lying, idx_bytes(kIdxImagesMagic, {4000000, 1000, 1000}, counting_bytes(7)));
    check_mentions(idx_error(lying), "truncated: expected 4000000000000 bytes of pixels");

    const std::string long_labels = directory.file("long-labels" + suffix);
    write(long_labels, idx_bytes(kIdxLabelsMagic, {3}, {1, 2, 3, 4, 5}));
    const std::string message = idx_error(long_labels);
    check_mentions(message, "trailing data: expected 3 bytes of labels");
    check_mentions(message, "2 extra bytes");
  }
}

TEST_CASE("damaged gzip streams") {
  TemporaryDirectory directory("test_idx");
  std::mt19937 generator(11);
  Bytes pixels(50 * 28 * 28);
  for (auto& pixel : pixels) pixel = (generator() % 4 == 0) ? generator() & 0xFF : 0;
  const std::string good = directory.file("good.gz");
  write_gzip(good, idx_bytes(kIdxImagesMagic, {50, 28, 28}, pixels));
  const Bytes compressed = read_raw(good);
  REQUIRE(compressed.size() > 200);

  SUBCASE("cut short") {
    const std::string path = directory.file("cut.gz");
    write_raw(path, Bytes(compressed.begin(), compressed.begin() + compressed.size() / 2));
    check_mentions(idx_error(path), "truncated gzip stream");
  }
  SUBCASE("trailer checksum altered") {
    Bytes damaged = compressed;
    damaged[damaged.size() - 8] ^= 0xFF;  // first byte of the CRC-32 in the gzip trailer
    const std::string path = directory.file("bad-crc.gz");
    write_raw(path, damaged);
    check_mentions(idx_error(path), "corrupt gzip stream: incorrect data check");
  }
  SUBCASE("deflate data overwritten") {
    Bytes damaged = compressed;
    for (std::size_t index = 20; index < 60; ++index) damaged[index] = 0xFF;
    const std::string path = directory.file("bad-data.gz");
    write_raw(path, damaged);
    check_mentions(idx_error(path), "gzip stream");
  }
}

}  // namespace test_idx
