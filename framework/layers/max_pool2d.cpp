#include "framework/layers/max_pool2d.hpp"

#include <algorithm>
#include <string>

#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"

namespace glassbox {
void max_pool2d_forward(const Tensor& x, const WindowGeometry& geometry, Tensor& y,
                        std::vector<std::size_t>& winners) {
  const std::size_t images = x.dimension() == 4 ? x.shape(0) : 0;
  const Shape expected{images, geometry.channels, geometry.height, geometry.width};
  if (shape_of(x) != expected || geometry.padding != 0 || !geometry.kernel_fits()) {
    throw ArgumentError("max_pool2d_forward: x " + shape_to_string(shape_of(x)) +
                        " does not match the geometry (expected " + shape_to_string(expected) +
                        ", an unpadded window that fits)");
  }
  const std::size_t output_height = geometry.output_height();
  const std::size_t output_width = geometry.output_width();
  const std::size_t stride = geometry.stride, width = geometry.width;
  const std::size_t plane_size = geometry.height * width;
  resize_if_needed(y, {images, geometry.channels, output_height, output_width});
  winners.resize(y.size());

  // Each (image, channel) plane is pooled on its own, so the planes are shared out among the
  // threads; `plane` is its offset in x, so the winners come out as flat indices into the batch.
  const float* input = x.data();
  const auto planes = static_cast<std::ptrdiff_t>(x.size() / plane_size);
  const std::size_t outputs_per_plane = output_height * output_width;
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t index = 0; index < planes; ++index) {
    const std::size_t plane = static_cast<std::size_t>(index) * plane_size;
    float* output = y.data() + static_cast<std::size_t>(index) * outputs_per_plane;
    std::size_t* winner = winners.data() + static_cast<std::size_t>(index) * outputs_per_plane;
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
