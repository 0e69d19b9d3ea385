#include "framework/layers/im2col.hpp"

#include <algorithm>
#include <cstring>

#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"

namespace glassbox {
namespace {

// target[0, count) = source[0, count), for the short rows of a convolution (14 floats on the
// reference CNN's second layer). Rows of 8 or more go 8 floats at a time, the last 8 ending at the
// row's end, so a 14-float row is two 8-float copies that overlap by 2. A fixed-size memcpy
// compiles to a few vector moves; std::copy_n of a count known only at run time is a call to
// memcpy, which cost more than the copy itself: im2col took 2.3× as long on that layer.
void copy_row(const float* source, std::size_t count, float* target) {
  constexpr std::size_t chunk = 8;
  if (count < chunk) {
    std::copy_n(source, count, target);
    return;
  }
  for (std::size_t start = 0; start + chunk < count; start += chunk) {
    std::memcpy(target + start, source + start, chunk * sizeof(float));
  }
  std::memcpy(target + count - chunk, source + count - chunk, chunk * sizeof(float));
}

// target[0, count) += source[0, count). The caller promises that the two do not overlap; `omp
// simd` passes that promise on, where the compiler would otherwise test for overlap at every call
// (col2im 1.3× faster on the reference CNN's second layer).
void add_row(const float* source, std::size_t count, float* target) {
#pragma omp simd
  for (std::size_t x = 0; x < count; ++x) target[x] += source[x];
}

// Fills `padded_image` with C planes of (H + 2·padding)×(W + 2·padding): zeros, with `image`
// copied into the interior unless it is null.
void fill_zero_bordered(const float* image, const WindowGeometry& geometry,
                        std::vector<float>& padded_image) {
  const std::size_t padding = geometry.padding;
  const std::size_t padded_height = geometry.height + 2 * padding;
  const std::size_t padded_width = geometry.width + 2 * padding;
  padded_image.assign(geometry.channels * padded_height * padded_width, 0.0f);
  if (image == nullptr) return;
  for (std::size_t channel = 0; channel < geometry.channels; ++channel) {
    for (std::size_t y = 0; y < geometry.height; ++y) {
      copy_row(
          image + (channel * geometry.height + y) * geometry.width, geometry.width,
          padded_image.data() + (channel * padded_height + y + padding) * padded_width + padding);
    }
  }
}

}  // namespace

WindowGeometry window_geometry(const std::string& layer, const Shape& sample_shape,
                               std::size_t kernel_height, std::size_t kernel_width,
                               std::size_t stride, std::size_t padding) {
  if (sample_shape.size() != 3) {
    throw ArgumentError(layer + " expects samples of shape [C, H, W], got " +
                        shape_to_string(sample_shape));
  }
  WindowGeometry geometry;
  geometry.channels = sample_shape[0];
  geometry.height = sample_shape[1];
  geometry.width = sample_shape[2];
  geometry.kernel_height = kernel_height;
  geometry.kernel_width = kernel_width;
  geometry.stride = stride;
  geometry.padding = padding;
  if (!geometry.kernel_fits()) {
    throw ArgumentError(
        layer + ": a " + std::to_string(kernel_height) + "×" + std::to_string(kernel_width) +
        " window with stride " + std::to_string(stride) + " does not fit into a " +
        std::to_string(geometry.height) + "×" + std::to_string(geometry.width) + " image" +
        (padding ? " padded by " + std::to_string(padding) : std::string()));
  }
  return geometry;
}

void im2col(const float* image, const WindowGeometry& geometry, float* columns,
            std::size_t row_stride, std::vector<float>& padded_image) {
  // Without padding the image itself is read; its "padded" planes are just H×W.
  if (geometry.padding > 0) fill_zero_bordered(image, geometry, padded_image);
  const float* source = geometry.padding > 0 ? padded_image.data() : image;
  const std::size_t source_height = geometry.height + 2 * geometry.padding;
  const std::size_t source_width = geometry.width + 2 * geometry.padding;
  const std::size_t stride = geometry.stride;
  const std::size_t output_height = geometry.output_height();
  const std::size_t output_width = geometry.output_width();
  float* row = columns;
  for (std::size_t channel = 0; channel < geometry.channels; ++channel) {
    for (std::size_t i = 0; i < geometry.kernel_height; ++i) {
      for (std::size_t j = 0; j < geometry.kernel_width; ++j, row += row_stride) {
        // Tap (i, j) of output (oy, ox) reads padded pixel (oy·stride + i, ox·stride + j).
        const float* tap = source + (channel * source_height + i) * source_width + j;
        for (std::size_t oy = 0; oy < output_height; ++oy) {
          const float* input_row = tap + oy * stride * source_width;
          float* target = row + oy * output_width;
          if (stride == 1) {
            copy_row(input_row, output_width, target);
          } else {
            for (std::size_t ox = 0; ox < output_width; ++ox) target[ox] = input_row[ox * stride];
          }
        }
      }
    }
  }
}

void col2im(const float* columns, const WindowGeometry& geometry, std::size_t row_stride,
            float* image, std::vector<float>& padded_image) {
  // Without padding, accumulate straight into the image; with it, into a zeroed padded copy whose
  // interior is added onto the image at the end (the border, i.e. the padding, is dropped).
  if (geometry.padding > 0) fill_zero_bordered(nullptr, geometry, padded_image);
  float* target = geometry.padding > 0 ? padded_image.data() : image;
  const std::size_t target_height = geometry.height + 2 * geometry.padding;
  const std::size_t target_width = geometry.width + 2 * geometry.padding;
  const std::size_t stride = geometry.stride;
  const std::size_t output_height = geometry.output_height();
  const std::size_t output_width = geometry.output_width();
  const float* row = columns;
  for (std::size_t channel = 0; channel < geometry.channels; ++channel) {
    for (std::size_t i = 0; i < geometry.kernel_height; ++i) {
      for (std::size_t j = 0; j < geometry.kernel_width; ++j, row += row_stride) {
        float* tap = target + (channel * target_height + i) * target_width + j;
        for (std::size_t oy = 0; oy < output_height; ++oy) {
          float* image_row = tap + oy * stride * target_width;
          const float* source = row + oy * output_width;
          if (stride == 1) {
            add_row(source, output_width, image_row);
          } else {
            for (std::size_t ox = 0; ox < output_width; ++ox) image_row[ox * stride] += source[ox];
          }
        }
      }
    }
  }
  if (geometry.padding == 0) return;
  for (std::size_t channel = 0; channel < geometry.channels; ++channel) {
    for (std::size_t y = 0; y < geometry.height; ++y) {
      const float* interior = target +
                              (channel * target_height + y + geometry.padding) * target_width +
                              geometry.padding;
      add_row(interior, geometry.width, image + (channel * geometry.height + y) * geometry.width);
    }
  }
}

}  // namespace glassbox
