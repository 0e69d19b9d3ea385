#include "explain/render/image.hpp"

#include <algorithm>

#include "framework/errors.hpp"

namespace glassbox::render {

RgbImage blank_image(std::size_t height, std::size_t width, Rgb fill) {
  RgbImage image({height, width, 3});
  std::uint8_t* byte = image.data();
  for (std::size_t index = 0; index < height * width; ++index) {
    *byte++ = fill.red;
    *byte++ = fill.green;
    *byte++ = fill.blue;
  }
  return image;
}

Rgb pixel_at(const RgbImage& image, std::size_t row, std::size_t column) {
  return Rgb{image(row, column, 0), image(row, column, 1), image(row, column, 2)};
}

void set_pixel(RgbImage& image, std::size_t row, std::size_t column, Rgb color) {
  if (row >= image.shape(0) || column >= image.shape(1)) return;
  image(row, column, 0) = color.red;
  image(row, column, 1) = color.green;
  image(row, column, 2) = color.blue;
}

void fill_rectangle(RgbImage& image, std::size_t top, std::size_t left, std::size_t height,
                    std::size_t width, Rgb color) {
  const std::size_t bottom = std::min(image.shape(0), top + height);
  const std::size_t right = std::min(image.shape(1), left + width);
  for (std::size_t row = top; row < bottom; ++row) {
    for (std::size_t column = left; column < right; ++column) set_pixel(image, row, column, color);
  }
}

void draw_frame(RgbImage& image, std::size_t top, std::size_t left, std::size_t height,
                std::size_t width, Rgb color) {
  if (top == 0 || left == 0) throw ArgumentError("draw_frame: the frame must fit above and left");
  fill_rectangle(image, top - 1, left - 1, 1, width + 2, color);       // top edge
  fill_rectangle(image, top + height, left - 1, 1, width + 2, color);  // bottom edge
  fill_rectangle(image, top, left - 1, height, 1, color);              // left edge
  fill_rectangle(image, top, left + width, height, 1, color);          // right edge
}

void paste(RgbImage& canvas, const RgbImage& picture, std::size_t top, std::size_t left) {
  if (top >= canvas.shape(0) || left >= canvas.shape(1)) return;
  const std::size_t rows = std::min(picture.shape(0), canvas.shape(0) - top);
  const std::size_t columns = std::min(picture.shape(1), canvas.shape(1) - left);
  for (std::size_t row = 0; row < rows; ++row) {
    // Rows are contiguous in both images, so each row is one copy.
    const std::uint8_t* source = picture.data() + 3 * row * picture.shape(1);
    std::uint8_t* target = canvas.data() + 3 * ((top + row) * canvas.shape(1) + left);
    std::copy(source, source + 3 * columns, target);
  }
}

RgbImage stack_vertically(const std::vector<RgbImage>& images) {
  std::size_t height = 0, width = 0;
  for (const RgbImage& image : images) {
    height += image.shape(0);
    width = std::max(width, image.shape(1));
  }
  RgbImage stacked = blank_image(height, width);
  std::size_t top = 0;
  for (const RgbImage& image : images) {
    paste(stacked, image, top, 0);
    top += image.shape(0);
  }
  return stacked;
}

RgbImage upscale_nearest(const RgbImage& image, std::size_t factor) {
  if (factor == 0) throw ArgumentError("upscale_nearest: the factor must be at least 1");
  const std::size_t height = image.shape(0), width = image.shape(1);
  RgbImage result({height * factor, width * factor, 3});
  for (std::size_t row = 0; row < height * factor; ++row) {
    for (std::size_t column = 0; column < width * factor; ++column) {
      for (std::size_t channel = 0; channel < 3; ++channel) {
        result(row, column, channel) = image(row / factor, column / factor, channel);
      }
    }
  }
  return result;
}

}  // namespace glassbox::render
