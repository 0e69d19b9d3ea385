#include "framework/layers/avg_pool2d.hpp"

#include <algorithm>
#include <string>

#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"

namespace glassbox {
namespace {

float window_scale(const WindowGeometry& geometry, bool sum) {
  return sum ? 1.0f : 1.0f / static_cast<float>(geometry.kernel_height * geometry.kernel_width);
}

void require_unpadded_fit(const char* function, const WindowGeometry& geometry) {
  if (geometry.padding != 0 || !geometry.kernel_fits()) {
    throw ArgumentError(std::string(function) +
                        ": the geometry needs an unpadded window that fits the image");
  }
}

}  // namespace

void avg_pool2d_forward(const Tensor& x, const WindowGeometry& geometry, bool sum, Tensor& y) {
  require_unpadded_fit("avg_pool2d_forward", geometry);
  const std::size_t images = x.dimension() == 4 ? x.shape(0) : 0;
  const Shape expected{images, geometry.channels, geometry.height, geometry.width};
  if (shape_of(x) != expected) {
    throw ArgumentError("avg_pool2d_forward: x should have shape " + shape_to_string(expected) +
                        ", got " + shape_to_string(shape_of(x)));
  }
  const std::size_t output_height = geometry.output_height();
  const std::size_t output_width = geometry.output_width();
  const std::size_t stride = geometry.stride, width = geometry.width;
  const std::size_t plane_size = geometry.height * width;
  const float scale = window_scale(geometry, sum);
  resize_if_needed(y, {images, geometry.channels, output_height, output_width});

  float* output = y.data();
  for (std::size_t plane = 0; plane < x.size(); plane += plane_size) {
    for (std::size_t oy = 0; oy < output_height; ++oy) {
      for (std::size_t ox = 0; ox < output_width; ++ox, ++output) {
        const float* corner = x.data() + plane + oy * stride * width + ox * stride;
        float total = 0.0f;
        for (std::size_t i = 0; i < geometry.kernel_height; ++i) {
          for (std::size_t j = 0; j < geometry.kernel_width; ++j) total += corner[i * width + j];
        }
        *output = scale * total;
      }
    }
  }
}

void avg_pool2d_backward(const Tensor& dy, const WindowGeometry& geometry, bool sum, Tensor& dx) {
  require_unpadded_fit("avg_pool2d_backward", geometry);
  const std::size_t images = dy.dimension() == 4 ? dy.shape(0) : 0;
  const std::size_t output_height = geometry.output_height();
  const std::size_t output_width = geometry.output_width();
  const Shape expected{images, geometry.channels, output_height, output_width};
  if (shape_of(dy) != expected) {
    throw ArgumentError("avg_pool2d_backward: dy should have shape " + shape_to_string(expected) +
                        ", got " + shape_to_string(shape_of(dy)));
  }
  const std::size_t stride = geometry.stride, width = geometry.width;
  const std::size_t plane_size = geometry.height * width;
  const float scale = window_scale(geometry, sum);
  resize_if_needed(dx, {images, geometry.channels, geometry.height, width});
  // Accumulated, because overlapping windows share inputs; start from zero.
  std::fill(dx.data(), dx.data() + dx.size(), 0.0f);

  const float* output_gradient = dy.data();
  for (std::size_t plane = 0; plane < dx.size(); plane += plane_size) {
    for (std::size_t oy = 0; oy < output_height; ++oy) {
      for (std::size_t ox = 0; ox < output_width; ++ox, ++output_gradient) {
        float* corner = dx.data() + plane + oy * stride * width + ox * stride;
        const float share = scale * *output_gradient;
        for (std::size_t i = 0; i < geometry.kernel_height; ++i) {
          for (std::size_t j = 0; j < geometry.kernel_width; ++j) corner[i * width + j] += share;
        }
      }
    }
  }
}

AvgPool2d::AvgPool2d(std::size_t kernel, std::size_t stride, bool sum)
    : kernel_(kernel), stride_(stride == 0 ? kernel : stride), sum_(sum) {
  if (kernel == 0) throw ArgumentError("AvgPool2d: the kernel size must be positive");
}

const Tensor& AvgPool2d::forward(const Tensor& input) {
  if (input.dimension() != 4 || input.shape(0) == 0) {
    throw ArgumentError("AvgPool2d expects a batch of shape [N, C, H, W], got " +
                        shape_to_string(shape_of(input)));
  }
  geometry_ = window_geometry(type(), Shape(input.shape().begin() + 1, input.shape().end()),
                              kernel_, kernel_, stride_, 0);
  input_ = input;
  avg_pool2d_forward(input_, geometry_, sum_, output_);
  return output_;
}

const Tensor& AvgPool2d::backward(const Tensor& output_gradient) {
  avg_pool2d_backward(output_gradient, geometry_, sum_, input_gradient_);
  return input_gradient_;
}

Shape AvgPool2d::output_shape(const Shape& input_shape) const {
  const WindowGeometry geometry =
      window_geometry(type(), input_shape, kernel_, kernel_, stride_, 0);
  return {geometry.channels, geometry.output_height(), geometry.output_width()};
}

}  // namespace glassbox
