#include "explain/render/png.hpp"

#include <png.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "explain/render/colormap.hpp"
#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"
#include "framework/read_whole_file.hpp"
#include "framework/serialization/atomic_write.hpp"

namespace glassbox::render {
namespace {

// libpng's simplified API (png_image_*) is used throughout: it reports errors through
// png_image::message and a zero return instead of longjmp, so no setjmp has to be mixed with C++
// objects and exceptions.

constexpr std::size_t kSignatureBytes = 8;
// PNG stores sizes as 31-bit integers; png_image's row stride is a signed 32-bit integer too.
constexpr std::size_t kLargestSide = 0x7fffffff / 3;

// The PNG of `pixels` (rows top to bottom, `channels` bytes per pixel) in `format`.
std::string encode(const std::uint8_t* pixels, std::size_t height, std::size_t width,
                   std::size_t channels, png_uint_32 format) {
  if (height == 0 || width == 0) throw ArgumentError("encode_png: the image is empty");
  if (height > kLargestSide || width > kLargestSide) {
    throw ArgumentError("encode_png: the image is too large for PNG");
  }
  png_image image;
  std::memset(&image, 0, sizeof(image));
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(width);
  image.height = static_cast<png_uint_32>(height);
  image.format = format;
  const auto row_stride = static_cast<png_int_32>(width * channels);
  // First call: ask for the size; second: encode into a buffer of exactly that size.
  png_alloc_size_t size = 0;
  if (!png_image_write_to_memory(&image, nullptr, &size, 0, pixels, row_stride, nullptr)) {
    throw ArgumentError(std::string("encode_png: libpng failed: ") + image.message);
  }
  std::string bytes(size, '\0');
  if (!png_image_write_to_memory(&image, bytes.data(), &size, 0, pixels, row_stride, nullptr)) {
    throw ArgumentError(std::string("encode_png: libpng failed: ") + image.message);
  }
  bytes.resize(size);
  return bytes;
}

// Releases libpng's reading state on every path out of read_grey_png. png_image_free is a no-op
// once png_image_finish_read has run (it frees the state itself), so the guard can always call it.
struct ImageGuard {
  png_image& image;
  ~ImageGuard() { png_image_free(&image); }
};

// Refuses images whose pixel buffer would be absurd, which a corrupt or hostile header can claim:
// allocating it would fail with bad_alloc instead of a FileError naming the file.
constexpr std::size_t kLargestPixelCount = std::size_t{1} << 28;

// The PNG `bytes` without its colour-space chunks (gAMA, sRGB, iCCP, cHRM), so that libpng takes
// the values as they are stored. With them, libpng converts from the colour space the file
// claims to sRGB; and a 16-bit file without them counts as linear (the simplified API's default),
// so reading it as 8-bit grey applied the sRGB curve: a 16-bit copy of an 8-bit digit came out
// brighter and gave another logit. Without the chunks, and with PNG_IMAGE_FLAG_16BIT_sRGB set,
// libpng scales 16-bit values to 8 bits (v / 257, rounded), which gives back exactly the 8-bit
// value b of a sample stored as b·257. A chunk stream that is damaged is left as it is from there
// on, for libpng to report.
std::string without_colour_space(const std::string& bytes) {
  auto big_endian = [&](std::size_t at) {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < 4; ++i)
      value = value << 8 | static_cast<std::uint8_t>(bytes[at + i]);
    return value;
  };
  std::string kept = bytes.substr(0, kSignatureBytes);
  std::size_t at = kSignatureBytes;
  // A chunk: length (4 bytes, at most 2^31 − 1), type (4), data (length), CRC (4).
  while (at + 12 <= bytes.size()) {
    const std::uint32_t length = big_endian(at);
    if (length > 0x7fffffffu || length > bytes.size() - at - 12) break;
    const std::string type = bytes.substr(at + 4, 4);
    if (type != "gAMA" && type != "sRGB" && type != "iCCP" && type != "cHRM") {
      kept.append(bytes, at, 12 + length);
    }
    at += 12 + length;
  }
  kept.append(bytes, at, std::string::npos);
  return kept;
}

}  // namespace

std::string encode_png(const RgbImage& image) {
  if (image.shape(2) != 3) {
    throw ArgumentError("encode_png: the image must be H×W×3, got " +
                        std::to_string(image.shape(2)) + " channels");
  }
  return encode(image.data(), image.shape(0), image.shape(1), 3, PNG_FORMAT_RGB);
}

void write_png(const std::string& path, const RgbImage& image) {
  atomic_write(path, encode_png(image));
}

std::string encode_grey_png(const Tensor& image) {
  const xt::xtensor<float, 2> map = as_map(image, "grey image");
  std::vector<std::uint8_t> bytes(map.size());
  std::transform(map.begin(), map.end(), bytes.begin(), [](float value) {
    // NaN becomes 0: a grey PNG has no way to say "no value", and 0 is the background.
    const float clamped = std::isnan(value) ? 0.0f : std::clamp(value, 0.0f, 1.0f);
    return static_cast<std::uint8_t>(std::lround(255.0f * clamped));
  });
  return encode(bytes.data(), map.shape(0), map.shape(1), 1, PNG_FORMAT_GRAY);
}

void write_grey_png(const std::string& path, const Tensor& image) {
  atomic_write(path, encode_grey_png(image));
}

// The banded encoder's PNG, chunk by chunk (the PNG specification, sections 5 and 11): the
// signature, IHDR (size and pixel format), IDAT chunks holding one zlib stream of all rows, each
// row led by its filter type byte (0: none), and IEND.
namespace {

constexpr std::size_t kIdatBytes = 1 << 16;  // compressed bytes per IDAT chunk

void append_big_endian(std::string& bytes, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<char>(value >> shift));
}

// length, type, data, then the CRC-32 of type and data.
void append_chunk(std::string& file, const char* type, const std::string& data) {
  append_big_endian(file, static_cast<std::uint32_t>(data.size()));
  const std::string typed = std::string(type, 4) + data;
  file += typed;
  append_big_endian(
      file, static_cast<std::uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(typed.data()),
                                             static_cast<uInt>(typed.size()))));
}

}  // namespace

struct BandedPngEncoder::Deflate {
  z_stream stream{};
  ~Deflate() { deflateEnd(&stream); }
};

BandedPngEncoder::BandedPngEncoder(std::size_t height, std::size_t width)
    : height_(height), width_(width), deflate_(std::make_unique<Deflate>()) {
  if (height == 0 || width == 0) throw ArgumentError("BandedPngEncoder: the image is empty");
  if (height > kLargestSide || width > kLargestSide) {
    throw ArgumentError("BandedPngEncoder: the image is too large for PNG");
  }
  if (deflateInit(&deflate_->stream, Z_DEFAULT_COMPRESSION) != Z_OK) {
    throw ArgumentError("BandedPngEncoder: zlib could not start compressing");
  }
  file_ = "\x89PNG\r\n\x1a\n";
  std::string header;
  append_big_endian(header, static_cast<std::uint32_t>(width));
  append_big_endian(header, static_cast<std::uint32_t>(height));
  header += std::string("\x08\x02\x00\x00\x00", 5);  // 8 bits, RGB, deflate, filters, no interlace
  append_chunk(file_, "IHDR", header);
}

BandedPngEncoder::~BandedPngEncoder() = default;

void BandedPngEncoder::compress(const std::uint8_t* bytes, std::size_t size, bool last) {
  z_stream& stream = deflate_->stream;
  stream.next_in = const_cast<Bytef*>(bytes);  // zlib's API is not const-correct
  stream.avail_in = static_cast<uInt>(size);
  std::uint8_t buffer[1 << 14];
  int status = Z_OK;
  do {
    stream.next_out = buffer;
    stream.avail_out = sizeof buffer;
    status = deflate(&stream, last ? Z_FINISH : Z_NO_FLUSH);
    if (status == Z_STREAM_ERROR) throw ArgumentError("BandedPngEncoder: zlib failed");
    compressed_.append(reinterpret_cast<const char*>(buffer), sizeof buffer - stream.avail_out);
  } while (stream.avail_out == 0 || (last && status != Z_STREAM_END));
  while (compressed_.size() >= kIdatBytes || (last && !compressed_.empty())) {
    const std::size_t take = std::min(compressed_.size(), kIdatBytes);
    append_chunk(file_, "IDAT", compressed_.substr(0, take));
    compressed_.erase(0, take);
  }
}

void BandedPngEncoder::add(const RgbImage& band) {
  if (finished_) throw ArgumentError("BandedPngEncoder: rows added after finish()");
  if (band.shape(1) != width_ || band.shape(2) != 3) {
    throw ArgumentError("BandedPngEncoder: a band must be " + std::to_string(width_) +
                        " pixels wide (RGB), got " + std::to_string(band.shape(1)) + "×" +
                        std::to_string(band.shape(2)));
  }
  if (band.shape(0) > height_ - rows_added_) {
    throw ArgumentError("BandedPngEncoder: " + std::to_string(rows_added_ + band.shape(0)) +
                        " rows, more than the " + std::to_string(height_) + " stated");
  }
  const std::size_t row_bytes = 3 * width_;
  std::vector<std::uint8_t> row(1 + row_bytes, 0);  // filter type 0, then the pixels
  for (std::size_t y = 0; y < band.shape(0); ++y) {
    std::copy_n(band.data() + y * row_bytes, row_bytes, row.begin() + 1);
    compress(row.data(), row.size(), false);
  }
  rows_added_ += band.shape(0);
}

std::string BandedPngEncoder::finish() {
  if (finished_) throw ArgumentError("BandedPngEncoder: finish() was called before");
  if (rows_added_ != height_) {
    throw ArgumentError("BandedPngEncoder: " + std::to_string(rows_added_) + " of the " +
                        std::to_string(height_) + " rows were added");
  }
  compress(nullptr, 0, true);
  append_chunk(file_, "IEND", "");
  finished_ = true;
  return std::move(file_);
}

Tensor read_grey_png(const std::string& path) {
  const std::string bytes = read_whole_file(path);
  // Checked here rather than left to libpng so that the commonest mistake (passing a JPEG, an
  // .npy or a text file) gets a message that says so.
  if (bytes.size() < kSignatureBytes ||
      png_sig_cmp(reinterpret_cast<png_const_bytep>(bytes.data()), 0, kSignatureBytes) != 0) {
    throw FileError(path, "not a PNG file (its first 8 bytes are not the PNG signature)");
  }
  const std::string stored = without_colour_space(bytes);
  png_image image;
  std::memset(&image, 0, sizeof(image));
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, stored.data(), stored.size())) {
    throw FileError(path, std::string("cannot decode PNG: ") + image.message);
  }
  const ImageGuard guard{image};
  image.format = PNG_FORMAT_GRAY;
  image.flags |= PNG_IMAGE_FLAG_16BIT_sRGB;  // 16-bit values are scaled, not gamma-encoded
  const std::size_t height = image.height, width = image.width;
  if (height * width > kLargestPixelCount) {
    throw FileError(path, "the image is too large (" + std::to_string(height) + "×" +
                              std::to_string(width) + " pixels)");
  }
  std::vector<std::uint8_t> grey(height * width);
  const png_color black{0, 0, 0};  // background for transparent pixels (grey uses .green)
  if (!png_image_finish_read(&image, &black, grey.data(), 0, nullptr)) {
    throw FileError(path, std::string("cannot decode PNG: ") + image.message);
  }
  Tensor result = xt::zeros<float>({height, width});
  std::transform(grey.begin(), grey.end(), result.begin(),
                 [](std::uint8_t value) { return static_cast<float>(value) / 255.0f; });
  return result;
}

Tensor read_grey_png(const std::string& path, std::size_t height, std::size_t width) {
  Tensor image = read_grey_png(path);
  if (image.shape(0) != height || image.shape(1) != width) {
    throw FileError(path, "the image is " + std::to_string(image.shape(0)) + "×" +
                              std::to_string(image.shape(1)) + " pixels (height×width), expected " +
                              std::to_string(height) + "×" + std::to_string(width));
  }
  return image;
}

Tensor read_png_sample(const std::string& path, const Shape& sample_shape) {
  if (sample_shape.size() != 3 || sample_shape[0] != 1) {
    throw ArgumentError(path + ": the model takes samples of shape " +
                        shape_to_string(sample_shape) +
                        ", not grey images [1, H, W]; it cannot read a picture");
  }
  Tensor image = read_grey_png(path, sample_shape[1], sample_shape[2]);
  image.reshape({1, sample_shape[1], sample_shape[2]});
  return image;
}

}  // namespace glassbox::render
