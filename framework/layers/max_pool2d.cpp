#include "framework/layers/max_pool2d.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>

#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"

namespace glassbox {
namespace {

// Pools one plane of x (an image's channel, starting at offset `plane`) into `output` and `winner`,
// for any window and stride: the general loop, and the reference for pool_plane_2x2 below.
void pool_plane(const float* input, std::size_t plane, const WindowGeometry& geometry,
                float* output, std::size_t* winner) {
  const std::size_t width = geometry.width, stride = geometry.stride;
  const std::size_t output_height = geometry.output_height(),
                    output_width = geometry.output_width();
  for (std::size_t oy = 0; oy < output_height; ++oy) {
    for (std::size_t ox = 0; ox < output_width; ++ox, ++output, ++winner) {
      const std::size_t corner = plane + oy * stride * width + ox * stride;
      std::size_t best = corner;
      float best_value = input[corner];
      for (std::size_t i = 0; i < geometry.kernel_height; ++i) {
        const std::size_t row = corner + i * width;
        for (std::size_t j = 0; j < geometry.kernel_width; ++j) {
          // Strictly greater: a later equal value does not replace the first maximum. Selects
          // rather than an if, because on real data the comparison is a coin flip that the
          // branch predictor loses.
          const float value = input[row + j];
          const bool greater = value > best_value;
          best_value = greater ? value : best_value;
          best = greater ? row + j : best;
        }
      }
      *output = best_value;
      *winner = best;
    }
  }
}

// The same for 2×2 windows moved by 2, as the reference CNN pools: the four comparisons of
// pool_plane, in its order, written out. Without the loops over the window the compiler makes
// them branch-free vector code, 3× faster on the CNN's first pooling (docs/performance.md,
// round 5).
void pool_plane_2x2(const float* input, std::size_t plane, const WindowGeometry& geometry,
                    float* output, std::size_t* winner) {
  // Sizes copied out of `geometry`: as far as the compiler knows, the stores through `winner`
  // could change them, and it would not vectorise the loop.
  const std::size_t width = geometry.width;
  const std::size_t output_height = geometry.output_height(),
                    output_width = geometry.output_width();
  // The winner's offset from the window's top-left input, in 32 bits like the floats it goes
  // with, so that one vector instruction handles as many offsets as values.
  const auto right = std::uint32_t{1}, below = static_cast<std::uint32_t>(width);
  for (std::size_t oy = 0; oy < output_height; ++oy) {
    const std::size_t top_row = plane + 2 * oy * width;
    const float* top = input + top_row;
    const float* bottom = top + width;
    float* output_row = output + oy * output_width;
    std::size_t* winner_row = winner + oy * output_width;
    for (std::size_t ox = 0; ox < output_width; ++ox) {
      const std::size_t left = 2 * ox;
      float best = top[left];
      std::uint32_t offset = 0;
      if (top[left + 1] > best) {
        best = top[left + 1];
        offset = right;
      }
      if (bottom[left] > best) {
        best = bottom[left];
        offset = below;
      }
      if (bottom[left + 1] > best) {
        best = bottom[left + 1];
        offset = below + right;
      }
      output_row[ox] = best;
      winner_row[ox] = top_row + left + offset;
    }
  }
}

}  // namespace

void max_pool2d_forward(const Tensor& x, const WindowGeometry& geometry, Tensor& y,
                        std::vector<std::size_t>& winners) {
  const std::size_t images = x.dimension() == 4 ? x.shape(0) : 0;
  const Shape expected{images, geometry.channels, geometry.height, geometry.width};
  if (shape_of(x) != expected || geometry.padding != 0 || !geometry.kernel_fits()) {
    throw ArgumentError("max_pool2d_forward: x " + shape_to_string(shape_of(x)) +
                        " does not match the geometry (expected " + shape_to_string(expected) +
                        ", an unpadded window that fits)");
  }
  resize_if_needed(y,
                   {images, geometry.channels, geometry.output_height(), geometry.output_width()});
  winners.resize(y.size());

  // (A row too wide for pool_plane_2x2's 32-bit offsets would hold 2³² floats, 16 GB.)
  const bool two_by_two = geometry.kernel_height == 2 && geometry.kernel_width == 2 &&
                          geometry.stride == 2 &&
                          geometry.width < std::numeric_limits<std::uint32_t>::max();
  // Each (image, channel) plane is pooled on its own, so the planes are shared out among the
  // threads. Plane p starts at p·H·W in x, so the winners come out as flat indices into the batch.
  const std::size_t plane_size = geometry.height * geometry.width;
  const std::size_t outputs_per_plane = geometry.output_height() * geometry.output_width();
  const auto planes = static_cast<std::ptrdiff_t>(x.size() / plane_size);
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t index = 0; index < planes; ++index) {
    const std::size_t plane = static_cast<std::size_t>(index);
    float* output = y.data() + plane * outputs_per_plane;
    std::size_t* winner = winners.data() + plane * outputs_per_plane;
    if (two_by_two) {
      pool_plane_2x2(x.data(), plane * plane_size, geometry, output, winner);
    } else {
      pool_plane(x.data(), plane * plane_size, geometry, output, winner);
    }
  }
}

void max_pool2d_backward(const Tensor& dy, const std::vector<std::size_t>& winners,
                         const Shape& input_shape, Tensor& dx) {
  if (dy.size() != winners.size()) {
    throw ArgumentError("max_pool2d_backward: dy has " + std::to_string(dy.size()) +
                        " entries but there are " + std::to_string(winners.size()) +
                        " winners (is dy from the last forward batch?)");
  }
  resize_if_needed(dx, input_shape);
  // Pooling never mixes samples: every winner of sample n lies in sample n's block of dx, even
  // where windows overlap. So each thread owns whole samples, zeroes their blocks and adds their
  // outputs' gradients into them; no two threads write to the same entry. (Run on one thread, the
  // zero fill and the scatter were the largest serial step of a CNN batch.)
  const std::size_t samples = input_shape.empty() ? 0 : input_shape[0];
  if (samples == 0 || winners.size() % samples != 0) {
    throw ArgumentError("max_pool2d_backward: " + std::to_string(winners.size()) +
                        " winners do not split evenly among the samples of the input shape " +
                        shape_to_string(input_shape));
  }
  const std::size_t outputs_per_sample = winners.size() / samples;
  const std::size_t inputs_per_sample = dx.size() / samples;
  bool outside = false;
#pragma omp parallel for schedule(static) reduction(|| : outside)
  for (std::ptrdiff_t index = 0; index < static_cast<std::ptrdiff_t>(samples); ++index) {
    const std::size_t sample = static_cast<std::size_t>(index);
    float* block = dx.data() + sample * inputs_per_sample;
    std::fill(block, block + inputs_per_sample, 0.0f);
    for (std::size_t output = sample * outputs_per_sample;
         output < (sample + 1) * outputs_per_sample; ++output) {
      // Winners from another batch shape would write out of bounds, or into another thread's
      // block; one compare per output is cheap. (An index below the block wraps round to a huge
      // offset.) An exception cannot leave an OpenMP loop, so the loop notes it and goes on.
      const std::size_t offset = winners[output] - sample * inputs_per_sample;
      if (offset >= inputs_per_sample) {
        outside = true;
        continue;
      }
      block[offset] += dy.data()[output];
    }
  }
  if (outside) {
    throw ArgumentError(
        "max_pool2d_backward: a winner lies outside its sample in the input shape " +
        shape_to_string(input_shape));
  }
}

MaxPool2d::MaxPool2d(std::size_t kernel, std::size_t stride)
    : kernel_(kernel), stride_(stride == 0 ? kernel : stride) {
  if (kernel == 0) throw ArgumentError("MaxPool2d: the kernel size must be positive");
}

const Tensor& MaxPool2d::forward(const Tensor& input) {
  if (input.dimension() != 4 || input.shape(0) == 0) {
    throw ArgumentError("MaxPool2d expects a batch of shape [N, C, H, W], got " +
                        shape_to_string(shape_of(input)));
  }
  geometry_ = window_geometry(type(), Shape(input.shape().begin() + 1, input.shape().end()),
                              kernel_, kernel_, stride_, 0);
  max_pool2d_forward(remember_input(input), geometry_, output_, winners_);
  return output_;
}

const Tensor& MaxPool2d::backward(const Tensor& output_gradient) {
  if (shape_of(output_gradient) != shape_of(output_)) {
    throw ArgumentError("MaxPool2d: the output gradient " +
                        shape_to_string(shape_of(output_gradient)) +
                        " does not match the last output " + shape_to_string(shape_of(output_)));
  }
  max_pool2d_backward(output_gradient, winners_, shape_of(input()), input_gradient_);
  return input_gradient_;
}

Shape MaxPool2d::output_shape(const Shape& input_shape) const {
  const WindowGeometry geometry =
      window_geometry(type(), input_shape, kernel_, kernel_, stride_, 0);
  return {geometry.channels, geometry.output_height(), geometry.output_width()};
}

}  // namespace glassbox
