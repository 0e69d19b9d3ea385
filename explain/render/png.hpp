// PNG files for figures (written) and for hand-drawn inputs (read), through libpng.
//
// Writing: an H×W×3 RgbImage (explain/render/image.hpp) or an H×W grey image with values in
// [0, 1] is encoded to PNG in memory, then written with atomic_write, so a crash never leaves a
// half-written figure in place of the previous one.
//
// Reading (`glassbox explain --input FILE`): any PNG (grey, grey+alpha, RGB, RGBA, palette, 8 or
// 16 bits) becomes an H×W grey Tensor with values in [0, 1]. Colour is reduced to luminance by
// libpng; transparent pixels are composited onto black, the MNIST background. Values are taken as
// they are stored, whatever gamma or colour profile the file claims: an 8-bit value b becomes
// b / 255 and a 16-bit value v becomes round(v / 257) / 255, so a 16-bit copy of an 8-bit image
// (v = 257·b) reads the same. MNIST digits are light strokes (1) on a dark background (0), so a
// digit drawn as black ink on white paper must be inverted (1 − v) before a model trained on MNIST
// sees it.
//
// Every failure throws glassbox::FileError naming the file: cannot open or write, not a PNG
// (wrong signature), corrupt or truncated data (libpng's message), wrong size. Images that are
// not H×W×3, or empty, throw glassbox::ArgumentError.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "explain/render/image.hpp"
#include "framework/tensor.hpp"

namespace glassbox::render {

// The PNG file (8-bit RGB, not interlaced) of an H×W×3 image, as bytes.
std::string encode_png(const RgbImage& image);

// Writes `image` to `path` as an 8-bit RGB PNG, atomically.
void write_png(const std::string& path, const RgbImage& image);

// A PNG written a band of rows at a time, for figures too large to hold whole as one RgbImage (a
// grid of thousands of heatmaps): each band is compressed as it comes, so only the band being
// drawn and the compressed bytes are in memory. The height goes into the file's header, which
// comes first, so it is given up front. ArgumentError for a band of another width, rows beyond
// the stated height, finish() before all of them came, and any use after finish().
//
// libpng writes row by row only through its older API, which reports errors by longjmp; this
// writes the PNG's few chunks itself and leaves the compression to zlib (deflate, as PNG
// prescribes), every row unfiltered.
class BandedPngEncoder {
 public:
  BandedPngEncoder(std::size_t height, std::size_t width);
  ~BandedPngEncoder();
  BandedPngEncoder(const BandedPngEncoder&) = delete;
  BandedPngEncoder& operator=(const BandedPngEncoder&) = delete;

  // Appends the rows of `band` (rows × width × 3) below those added before.
  void add(const RgbImage& band);

  // The PNG file, once `height` rows have been added.
  std::string finish();

 private:
  struct Deflate;  // zlib's compression state
  std::size_t height_, width_, rows_added_ = 0;
  bool finished_ = false;
  std::unique_ptr<Deflate> deflate_;
  std::string file_;        // the chunks written so far
  std::string compressed_;  // compressed rows not yet in a chunk
  void compress(const std::uint8_t* bytes, std::size_t size, bool last);
};

// The PNG file (8-bit grey) of an H×W (or 1×…×1×H×W) image whose values are clamped to [0, 1]
// and stored as round(255·v), so 0 is black and 1 white as in MNIST.
std::string encode_grey_png(const Tensor& image);

// Writes `image` (as for encode_grey_png) to `path`, atomically.
void write_grey_png(const std::string& path, const Tensor& image);

// Reads a PNG file as an H×W Tensor of grey values in [0, 1] (stored byte / 255).
Tensor read_grey_png(const std::string& path);

// Same, and the image must be exactly height×width pixels (FileError otherwise, giving both
// sizes), e.g. 28×28 for a model trained on MNIST.
Tensor read_grey_png(const std::string& path, std::size_t height, std::size_t width);

// One input sample for a model whose samples have shape `sample_shape`, read from the PNG at
// `path`: a 1×H×W grey image, values in [0, 1]. ArgumentError when the model does not take grey
// images (its samples are not [1, H, W]: a text model's token ids or tf-idf vectors, say), so that
// a picture is never fed to a model of another kind; FileError for a file that is not a PNG or not
// H×W pixels.
Tensor read_png_sample(const std::string& path, const Shape& sample_shape);

}  // namespace glassbox::render
