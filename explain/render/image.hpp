// RGB images: the canvas that heatmaps, grids, labels and legends are drawn on.
//
// Shapes: an image is H×W×3 (rows, columns, then the channels red, green, blue), one uint8 per
// channel, row-major. Row y therefore starts at byte 3·W·y, which is exactly the layout of a PNG
// row, so an image goes to libpng without being copied or rearranged.
//
// Coordinates are (row, column) = (y, x) with (0, 0) the top-left pixel. The drawing helpers clip
// whatever falls outside the image instead of failing, so a label that is slightly too long loses
// its end rather than aborting the figure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <xtensor/xtensor.hpp>

namespace glassbox::render {

using RgbImage = xt::xtensor<std::uint8_t, 3>;  // H×W×3, red/green/blue in [0, 255]

// One colour. Plain bytes so that a colour map's output can be compared exactly in tests.
struct Rgb {
  std::uint8_t red = 0;
  std::uint8_t green = 0;
  std::uint8_t blue = 0;
};

inline bool operator==(const Rgb& left, const Rgb& right) {
  return left.red == right.red && left.green == right.green && left.blue == right.blue;
}
inline bool operator!=(const Rgb& left, const Rgb& right) {
  return !(left == right);
}

inline constexpr Rgb kWhite{255, 255, 255};
inline constexpr Rgb kBlack{0, 0, 0};

// A height×width×3 image filled with `fill`.
RgbImage blank_image(std::size_t height, std::size_t width, Rgb fill = kWhite);

// The colour at (row, column); the position must lie inside the image.
Rgb pixel_at(const RgbImage& image, std::size_t row, std::size_t column);

// Sets one pixel; positions outside the image are ignored (clipping).
void set_pixel(RgbImage& image, std::size_t row, std::size_t column, Rgb color);

// Fills the height×width rectangle whose top-left corner is (top, left), clipped to the image.
void fill_rectangle(RgbImage& image, std::size_t top, std::size_t left, std::size_t height,
                    std::size_t width, Rgb color);

// The frames around heatmaps and maps in every figure: light enough not to compete with them.
inline constexpr Rgb kFrameColor{200, 200, 200};

// Draws a 1-pixel frame just outside the height×width rectangle at (top, left): the frame's
// own top-left corner is (top − 1, left − 1). Needs top, left ≥ 1; clipped on the far side.
void draw_frame(RgbImage& image, std::size_t top, std::size_t left, std::size_t height,
                std::size_t width, Rgb color);

// Copies `picture` onto `canvas` with its top-left corner at (top, left), clipped to the canvas.
void paste(RgbImage& canvas, const RgbImage& picture, std::size_t top, std::size_t left);

// `images` one under the other, left-aligned, as wide as the widest; white right of the others.
RgbImage stack_vertically(const std::vector<RgbImage>& images);

// Enlarges by an integer factor (≥ 1), each pixel becoming a factor×factor block (nearest
// neighbour), so that one input pixel stays one visibly sharp square: no interpolation invents
// relevance between pixels. Result: (H·factor)×(W·factor)×3.
RgbImage upscale_nearest(const RgbImage& image, std::size_t factor);

}  // namespace glassbox::render
