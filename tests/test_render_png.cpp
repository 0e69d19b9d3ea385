// PNG writing and reading (explain/render/png.hpp): round trips decoded by libpng directly,
// atomic writes, and every way an input file can be wrong (missing, not a PNG, truncated, wrong
// size), each of which must be a FileError naming the file.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <zlib.h>

#include "explain/render/png.hpp"
#include "framework/errors.hpp"
#include "tests/test_render_files.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_render_png {

using glassbox::ArgumentError;
using glassbox::FileError;
using glassbox::Tensor;
using glassbox_render_test::decode_png;
using glassbox_render_test::encode_png_directly;
using glassbox_render_test::read_file;
using glassbox_render_test::ScratchDirectory;
using glassbox_render_test::write_file;
using namespace glassbox::render;

namespace {

// An image in which every byte differs from its neighbours, so a swapped channel, a transposed
// row or an off-by-one stride shows up.
RgbImage pattern_image(std::size_t height, std::size_t width) {
  RgbImage image({height, width, 3});
  for (std::size_t row = 0; row < height; ++row) {
    for (std::size_t column = 0; column < width; ++column) {
      for (std::size_t channel = 0; channel < 3; ++channel) {
        image(row, column, channel) =
            static_cast<std::uint8_t>((row * 31 + column * 7 + channel * 101) % 256);
      }
    }
  }
  return image;
}

// The message of the FileError that `action` throws; fails the test if it throws nothing.
template <class Action>
std::string file_error(const std::string& path, Action action) {
  try {
    action();
  } catch (const FileError& error) {
    CHECK(error.file() == path);
    return error.what();
  }
  FAIL("no FileError for " << path);
  return "";
}

// A PNG written byte by byte (zlib for the image data), as other programs write them: `depth` 8
// or 16 bits per sample, grey (1 channel) or RGB (3), samples row-major; `colour_chunk` (a whole
// gAMA or sRGB chunk, or "") goes before the data. libpng's own writer cannot make a 16-bit file
// without a gAMA chunk saying it is linear, which is exactly the case that went wrong.
std::string chunk(const std::string& type, const std::string& data) {
  std::string bytes;
  for (int shift = 24; shift >= 0; shift -= 8) bytes += static_cast<char>(data.size() >> shift);
  const std::string body = type + data;
  const auto crc = crc32(0, reinterpret_cast<const Bytef*>(body.data()), body.size());
  bytes += body;
  for (int shift = 24; shift >= 0; shift -= 8) bytes += static_cast<char>(crc >> shift);
  return bytes;
}

std::string big_endian(std::uint32_t value, int bytes) {
  std::string text;
  for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8)
    text += static_cast<char>(value >> shift);
  return text;
}

std::string handmade_png(const std::vector<std::uint16_t>& samples, std::size_t height,
                         std::size_t width, int channels, int depth,
                         const std::string& colour_chunk = "") {
  std::string header = big_endian(static_cast<std::uint32_t>(width), 4) +
                       big_endian(static_cast<std::uint32_t>(height), 4);
  header += static_cast<char>(depth);
  header += static_cast<char>(channels == 3 ? 2 : 0);  // colour type: RGB or grey
  header += std::string(3, '\0');                      // deflate, adaptive filters, no interlace
  std::string rows;
  const std::size_t per_row = width * static_cast<std::size_t>(channels);
  for (std::size_t row = 0; row < height; ++row) {
    rows += '\0';  // filter: none
    for (std::size_t i = 0; i < per_row; ++i)
      rows += big_endian(samples[row * per_row + i], depth / 8);
  }
  uLongf size = compressBound(rows.size());
  std::string compressed(size, '\0');
  REQUIRE(compress(reinterpret_cast<Bytef*>(compressed.data()), &size,
                   reinterpret_cast<const Bytef*>(rows.data()), rows.size()) == Z_OK);
  compressed.resize(size);
  return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", header) + colour_chunk +
         chunk("IDAT", compressed) + chunk("IEND", "");
}

void check_mentions(const std::string& message, const std::string& part) {
  CHECK_MESSAGE(message.find(part) != std::string::npos,
                "expected \"" << part << "\" in: " << message);
}

}  // namespace

TEST_CASE("an RGB image written as PNG decodes to the same pixels") {
  ScratchDirectory directory("render_png");
  const RgbImage image = pattern_image(13, 17);  // odd sizes: no accidental alignment
  const std::string path = directory.file("pattern.png");
  write_png(path, image);

  const std::string bytes = read_file(path);
  CHECK(bytes == encode_png(image));
  const auto decoded = decode_png(bytes, PNG_FORMAT_RGB);
  REQUIRE_MESSAGE(decoded.ok, decoded.message);
  REQUIRE(decoded.height == 13);
  REQUIRE(decoded.width == 17);
  CHECK(std::equal(decoded.pixels.begin(), decoded.pixels.end(), image.begin(), image.end()));
  // Written through a temporary file that was renamed: nothing else is left in the folder.
  CHECK(directory.entries() == std::vector<std::string>{"pattern.png"});
}

TEST_CASE("a grey image round-trips through write_grey_png and read_grey_png") {
  ScratchDirectory directory("render_png");
  Tensor image = xt::zeros<float>({28, 28});
  for (std::size_t index = 0; index < image.size(); ++index) {
    image.data()[index] = static_cast<float>(index % 256) / 255.0f;
  }
  const std::string path = directory.file("digit.png");
  write_grey_png(path, image);

  const auto decoded = decode_png(read_file(path), PNG_FORMAT_GRAY);
  REQUIRE(decoded.ok);
  for (std::size_t index = 0; index < image.size(); ++index) {
    CHECK(decoded.pixels[index] == index % 256);
  }
  const Tensor read = read_grey_png(path, 28, 28);
  REQUIRE(read.shape() == image.shape());
  for (std::size_t index = 0; index < image.size(); ++index) {
    CHECK(read.data()[index] == doctest::Approx(image.data()[index]).epsilon(1e-6));
  }
}

TEST_CASE("read_grey_png reduces colour to grey and puts transparency on black") {
  ScratchDirectory directory("render_png");
  // 1×4 RGBA: opaque white, opaque black, opaque mid-grey, fully transparent white.
  const std::vector<std::uint8_t> pixels = {255, 255, 255, 255, 0,   0,   0,   255,
                                            128, 128, 128, 255, 255, 255, 255, 0};
  const std::string path = directory.file("rgba.png");
  write_file(path, encode_png_directly(pixels, 1, 4, PNG_FORMAT_RGBA));
  const Tensor grey = read_grey_png(path);
  REQUIRE(grey.shape(0) == 1);
  REQUIRE(grey.shape(1) == 4);
  CHECK(grey(0, 0) == doctest::Approx(1.0f));
  CHECK(grey(0, 1) == doctest::Approx(0.0f));
  CHECK(grey(0, 2) == doctest::Approx(128.0f / 255.0f).epsilon(0.01));
  CHECK(grey(0, 3) == doctest::Approx(0.0f));
}

TEST_CASE("grey values outside [0, 1] are clamped when written") {
  ScratchDirectory directory("render_png");
  Tensor image = {{-0.5f, 2.0f}};
  const std::string path = directory.file("clamped.png");
  write_grey_png(path, image);
  const Tensor read = read_grey_png(path);
  CHECK(read(0, 0) == 0.0f);
  CHECK(read(0, 1) == 1.0f);
}

TEST_CASE("an input of the wrong size is a FileError giving both sizes") {
  ScratchDirectory directory("render_png");
  const std::string path = directory.file("big.png");
  write_grey_png(path, Tensor(xt::zeros<float>({32, 30})));
  const std::string message = file_error(path, [&] { read_grey_png(path, 28, 28); });
  check_mentions(message, "32×30");
  check_mentions(message, "28×28");
}

TEST_CASE("not a PNG, a truncated PNG, a missing file and a directory are FileErrors") {
  ScratchDirectory directory("render_png");
  const std::string text = directory.file("digit.txt");
  write_file(text, "this is not an image\n");
  check_mentions(file_error(text, [&] { read_grey_png(text); }), "not a PNG");

  const std::string empty = directory.file("empty.png");
  write_file(empty, "");
  check_mentions(file_error(empty, [&] { read_grey_png(empty); }), "not a PNG");

  const std::string truncated = directory.file("truncated.png");
  const std::string whole = encode_png(pattern_image(20, 20));
  write_file(truncated, whole.substr(0, whole.size() / 2));
  check_mentions(file_error(truncated, [&] { read_grey_png(truncated); }), "cannot decode");

  const std::string missing = directory.file("missing.png");
  check_mentions(file_error(missing, [&] { read_grey_png(missing); }), "cannot open");

  const std::string folder = directory.file("folder.png");
  std::filesystem::create_directory(folder);
  check_mentions(file_error(folder, [&] { read_grey_png(folder); }), "directory");
}

TEST_CASE("writing to an unwritable place is a FileError and leaves the old file intact") {
  ScratchDirectory directory("render_png");
  const std::string nowhere = directory.file("no_such_folder/figure.png");
  file_error(nowhere, [&] { write_png(nowhere, pattern_image(2, 2)); });
  file_error(nowhere, [&] { write_grey_png(nowhere, Tensor(xt::zeros<float>({2, 2}))); });

  // A directory where the file should be: the rename fails, the directory stays.
  const std::string occupied = directory.file("occupied.png");
  std::filesystem::create_directory(occupied);
  file_error(occupied, [&] { write_png(occupied, pattern_image(2, 2)); });
  CHECK(std::filesystem::is_directory(occupied));
  CHECK(directory.entries() == std::vector<std::string>{"occupied.png"});
}

TEST_CASE("images that cannot be PNGs are ArgumentErrors") {
  CHECK_THROWS_AS(encode_png(RgbImage({0, 5, 3})), ArgumentError);
  CHECK_THROWS_AS(encode_png(RgbImage({2, 2, 4})), ArgumentError);
  CHECK_THROWS_AS(encode_grey_png(Tensor(xt::zeros<float>({2, 2, 2}))), ArgumentError);
}

TEST_CASE("a 16-bit PNG reads exactly as the 8-bit one it was made from, gamma chunks or not") {
  ScratchDirectory directory("render_png");
  // Every 8-bit value once, 16×16, and the same picture as 16-bit samples 257·b.
  std::vector<std::uint16_t> bytes(256), words(256);
  for (std::size_t b = 0; b < 256; ++b) {
    bytes[b] = static_cast<std::uint16_t>(b);
    words[b] = static_cast<std::uint16_t>(257 * b);
  }
  const std::string linear = chunk("gAMA", big_endian(100000, 4));  // gamma 1.0
  const std::string srgb = chunk("sRGB", std::string(1, '\0'));     // perceptual intent
  const std::string eight = directory.file("eight.png");
  write_file(eight, handmade_png(bytes, 16, 16, 1, 8));
  const Tensor reference = read_grey_png(eight);
  for (std::size_t b = 0; b < 256; ++b)
    REQUIRE(reference.data()[b] == static_cast<float>(b) / 255.0f);

  for (const auto& [name, colour] : {std::pair<std::string, std::string>{"no colour chunk", ""},
                                     {"gAMA 1.0", linear},
                                     {"sRGB", srgb}}) {
    CAPTURE(name);
    const std::string sixteen = directory.file("sixteen.png");
    write_file(sixteen, handmade_png(words, 16, 16, 1, 16, colour));
    const Tensor read = read_grey_png(sixteen);
    CHECK(std::equal(read.begin(), read.end(), reference.begin()));
    // And an 8-bit file that claims another gamma is still read as stored.
    write_file(eight, handmade_png(bytes, 16, 16, 1, 8, colour));
    const Tensor stored = read_grey_png(eight);
    CHECK(std::equal(stored.begin(), stored.end(), reference.begin()));
  }
  // 16-bit RGB with equal channels: the same greys, within rounding of the luminance.
  std::vector<std::uint16_t> rgb;
  for (std::uint16_t word : words) rgb.insert(rgb.end(), 3, word);
  const std::string colour = directory.file("colour.png");
  write_file(colour, handmade_png(rgb, 16, 16, 3, 16));
  const Tensor read = read_grey_png(colour);
  for (std::size_t b = 0; b < 256; ++b) {
    CHECK(std::abs(read.data()[b] - reference.data()[b]) <= 1.0f / 255.0f);
  }
}

TEST_CASE("a picture is refused for a model that does not take grey images") {
  ScratchDirectory directory("render_png");
  const std::string path = directory.file("digit.png");
  write_grey_png(path, Tensor(xt::zeros<float>({28, 28})));
  const Tensor sample = read_png_sample(path, {1, 28, 28});
  CHECK(sample.shape() == std::vector<std::size_t>{1, 28, 28});
  CHECK_THROWS_WITH_AS(read_png_sample(path, {400}),
                       doctest::Contains("takes samples of shape [400], not grey images"),
                       ArgumentError);
  CHECK_THROWS_WITH_AS(read_png_sample(path, {3, 28, 28}), doctest::Contains("not grey images"),
                       ArgumentError);
  check_mentions(file_error(path, [&] { read_png_sample(path, {1, 32, 32}); }), "28×28");
}

}  // namespace test_render_png
