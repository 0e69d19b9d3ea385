#include "framework/layers/conv2d_naive.hpp"

#include <cstdint>
#include <vector>

#include "framework/errors.hpp"
#include "framework/shape.hpp"

namespace glassbox {
namespace {

// The input row or column that tap `tap` of output `output` reads, or −1 in the zero padding.
std::int64_t source(std::size_t output, std::size_t tap, std::size_t stride, std::size_t padding,
                    std::size_t size) {
  const auto position =
      static_cast<std::int64_t>(output * stride + tap) - static_cast<std::int64_t>(padding);
  return position >= 0 && position < static_cast<std::int64_t>(size) ? position : -1;
}

// Calls visit(n, f, oy, ox, c, i, j, iy, ix) for every tap of every output that reads an input
// pixel: the six loops of the definition (seven with the batch), shared by the three functions.
template <typename Visit>
void for_each_tap(std::size_t images, std::size_t filters, const WindowGeometry& g,
                  const Visit& visit) {
  for (std::size_t n = 0; n < images; ++n)
    for (std::size_t f = 0; f < filters; ++f)
      for (std::size_t oy = 0; oy < g.output_height(); ++oy)
        for (std::size_t ox = 0; ox < g.output_width(); ++ox)
          for (std::size_t c = 0; c < g.channels; ++c)
            for (std::size_t i = 0; i < g.kernel_height; ++i)
              for (std::size_t j = 0; j < g.kernel_width; ++j) {
                const std::int64_t iy = source(oy, i, g.stride, g.padding, g.height);
                const std::int64_t ix = source(ox, j, g.stride, g.padding, g.width);
                if (iy < 0 || ix < 0) continue;
                visit(n, f, oy, ox, c, i, j, static_cast<std::size_t>(iy),
                      static_cast<std::size_t>(ix));
              }
}

void require(const char* function, const char* name, const Tensor& tensor, const Shape& expected) {
  if (shape_of(tensor) != expected) {
    throw ArgumentError(std::string(function) + ": " + name + " should have shape " +
                        shape_to_string(expected) + ", got " + shape_to_string(shape_of(tensor)));
  }
}

}  // namespace

void conv2d_forward_naive(const Tensor& x, const Tensor& weight, const Tensor& bias,
                          const WindowGeometry& g, Tensor& y) {
  const std::size_t images = x.dimension() == 4 ? x.shape(0) : 0;
  const std::size_t filters = weight.dimension() == 4 ? weight.shape(0) : 0;
  require("conv2d_forward_naive", "x", x, {images, g.channels, g.height, g.width});
  require("conv2d_forward_naive", "weight", weight,
          {filters, g.channels, g.kernel_height, g.kernel_width});
  require("conv2d_forward_naive", "bias", bias, {filters});
  const Shape output{images, filters, g.output_height(), g.output_width()};
  std::vector<double> sums(images * filters * g.output_pixels());
  for (std::size_t n = 0; n < images; ++n)
    for (std::size_t f = 0; f < filters; ++f)
      for (std::size_t o = 0; o < g.output_pixels(); ++o) {
        sums[(n * filters + f) * g.output_pixels() + o] = bias(f);
      }
  for_each_tap(images, filters, g,
               [&](std::size_t n, std::size_t f, std::size_t oy, std::size_t ox, std::size_t c,
                   std::size_t i, std::size_t j, std::size_t iy, std::size_t ix) {
                 sums[((n * filters + f) * g.output_height() + oy) * g.output_width() + ox] +=
                     double(weight(f, c, i, j)) * x(n, c, iy, ix);
               });
  y = Tensor::from_shape(output);
  std::copy(sums.begin(), sums.end(), y.begin());
}

void conv2d_backward_input_naive(const Tensor& dy, const Tensor& weight, const WindowGeometry& g,
                                 Tensor& dx) {
  const std::size_t images = dy.dimension() == 4 ? dy.shape(0) : 0;
  const std::size_t filters = weight.dimension() == 4 ? weight.shape(0) : 0;
  require("conv2d_backward_input_naive", "weight", weight,
          {filters, g.channels, g.kernel_height, g.kernel_width});
  require("conv2d_backward_input_naive", "dy", dy,
          {images, filters, g.output_height(), g.output_width()});
  std::vector<double> sums(images * g.image_size(), 0.0);
  for_each_tap(images, filters, g,
               [&](std::size_t n, std::size_t f, std::size_t oy, std::size_t ox, std::size_t c,
                   std::size_t i, std::size_t j, std::size_t iy, std::size_t ix) {
                 sums[((n * g.channels + c) * g.height + iy) * g.width + ix] +=
                     double(weight(f, c, i, j)) * dy(n, f, oy, ox);
               });
  dx = Tensor::from_shape({images, g.channels, g.height, g.width});
  std::copy(sums.begin(), sums.end(), dx.begin());
}

void conv2d_backward_parameters_naive(const Tensor& x, const Tensor& dy, const WindowGeometry& g,
                                      Tensor& weight_gradient, Tensor& bias_gradient) {
  const std::size_t images = x.dimension() == 4 ? x.shape(0) : 0;
  const std::size_t filters = dy.dimension() == 4 ? dy.shape(1) : 0;
  require("conv2d_backward_parameters_naive", "x", x, {images, g.channels, g.height, g.width});
  require("conv2d_backward_parameters_naive", "dy", dy,
          {images, filters, g.output_height(), g.output_width()});
  require("conv2d_backward_parameters_naive", "weight_gradient", weight_gradient,
          {filters, g.channels, g.kernel_height, g.kernel_width});
  require("conv2d_backward_parameters_naive", "bias_gradient", bias_gradient, {filters});
  std::vector<double> weight_sums(weight_gradient.size(), 0.0), bias_sums(filters, 0.0);
  for (std::size_t n = 0; n < images; ++n)
    for (std::size_t f = 0; f < filters; ++f)
      for (std::size_t oy = 0; oy < g.output_height(); ++oy)
        for (std::size_t ox = 0; ox < g.output_width(); ++ox) bias_sums[f] += dy(n, f, oy, ox);
  for_each_tap(images, filters, g,
               [&](std::size_t n, std::size_t f, std::size_t oy, std::size_t ox, std::size_t c,
                   std::size_t i, std::size_t j, std::size_t iy, std::size_t ix) {
                 weight_sums[((f * g.channels + c) * g.kernel_height + i) * g.kernel_width + j] +=
                     double(dy(n, f, oy, ox)) * x(n, c, iy, ix);
               });
  for (std::size_t k = 0; k < weight_sums.size(); ++k) {
    weight_gradient.data()[k] += static_cast<float>(weight_sums[k]);
  }
  for (std::size_t f = 0; f < filters; ++f) bias_gradient(f) += static_cast<float>(bias_sums[f]);
}

}  // namespace glassbox
