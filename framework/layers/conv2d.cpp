#include "framework/layers/conv2d.hpp"

#include <omp.h>

#include <algorithm>
#include <string>

#include "framework/blas.hpp"
#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"

namespace glassbox {
namespace {

// The free functions are public, so they check what they are handed: a mismatch would otherwise
// read or write past the end of a buffer rather than fail.
void require_tensor_shape(const char* function, const char* name, const Tensor& tensor,
                          const Shape& expected) {
  if (shape_of(tensor) != expected) {
    throw ArgumentError(std::string(function) + ": " + name + " should have shape " +
                        shape_to_string(expected) + ", got " + shape_to_string(shape_of(tensor)));
  }
}

Shape weight_shape(const WindowGeometry& geometry, std::size_t filters) {
  return {filters, geometry.channels, geometry.kernel_height, geometry.kernel_width};
}

Shape output_batch_shape(const WindowGeometry& geometry, std::size_t images, std::size_t filters) {
  return {images, filters, geometry.output_height(), geometry.output_width()};
}

Shape input_batch_shape(const WindowGeometry& geometry, std::size_t images) {
  return {images, geometry.channels, geometry.height, geometry.width};
}

// Checks the geometry (a hand-made one might not fit) and returns F, the weight's filter count.
std::size_t filter_count(const char* function, const WindowGeometry& geometry,
                         const Tensor& weight) {
  if (!geometry.kernel_fits()) {
    throw ArgumentError(std::string(function) + ": the kernel does not fit the geometry's image");
  }
  if (weight.dimension() != 4) {
    throw ArgumentError(std::string(function) + ": weight should be F×C×kh×kw, got " +
                        shape_to_string(shape_of(weight)));
  }
  return weight.shape(0);
}

// One scratch set per thread, each with room for one image's columns. resize() keeps the
// allocation when the size does not grow, so steady-state batches allocate nothing.
void size_columns(const WindowGeometry& geometry, Conv2dWorkspace& workspace) {
  workspace.per_thread.resize(static_cast<std::size_t>(thread_count()));
  for (auto& scratch : workspace.per_thread) {
    scratch.columns.resize(geometry.patch_size() * geometry.output_pixels());
  }
}

Conv2dWorkspace::Scratch& this_thread(Conv2dWorkspace& workspace) {
  return workspace.per_thread[static_cast<std::size_t>(omp_get_thread_num())];
}

// Images are independent, so each OpenMP thread takes its share of them; `work(image, scratch)`
// runs with that thread's scratch buffers. The GEMMs inside then run on their calling thread.
template <typename Work>
void for_each_image(std::size_t images, Conv2dWorkspace& workspace, const Work& work) {
  const auto count = static_cast<std::ptrdiff_t>(images);
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t image = 0; image < count; ++image) {
    work(static_cast<std::size_t>(image), this_thread(workspace));
  }
}

}  // namespace

WindowGeometry conv2d_geometry(const Tensor& x, const Tensor& weight, std::size_t stride,
                               std::size_t padding) {
  if (x.dimension() != 4 || weight.dimension() != 4 || x.shape(1) != weight.shape(1)) {
    throw ArgumentError("Conv2d: input " + shape_to_string(shape_of(x)) +
                        " is not an N×C×H×W batch for the weight " +
                        shape_to_string(shape_of(weight)) + " (F×C×kh×kw)");
  }
  return window_geometry("Conv2d", Shape(x.shape().begin() + 1, x.shape().end()), weight.shape(2),
                         weight.shape(3), stride, padding);
}

void conv2d_forward(const Tensor& x, const Tensor& weight, const Tensor& bias,
                    const WindowGeometry& geometry, Tensor& y, Conv2dWorkspace& workspace) {
  const std::size_t filters = filter_count("conv2d_forward", geometry, weight);
  const std::size_t images = x.dimension() == 4 ? x.shape(0) : 0;
  require_tensor_shape("conv2d_forward", "x", x, input_batch_shape(geometry, images));
  require_tensor_shape("conv2d_forward", "weight", weight, weight_shape(geometry, filters));
  require_tensor_shape("conv2d_forward", "bias", bias, {filters});
  resize_if_needed(y, output_batch_shape(geometry, images, filters));
  size_columns(geometry, workspace);

  const std::size_t pixels = geometry.output_pixels(), patch = geometry.patch_size();
  for_each_image(images, workspace, [&](std::size_t image, Conv2dWorkspace::Scratch& scratch) {
    float* output = y.data() + image * filters * pixels;
    // Start every filter's plane from its bias, then let GEMM add W·columns on top (beta = 1).
    for (std::size_t filter = 0; filter < filters; ++filter) {
      std::fill(output + filter * pixels, output + (filter + 1) * pixels, bias.data()[filter]);
    }
    im2col(x.data() + image * geometry.image_size(), geometry, scratch.columns.data(), pixels,
           scratch.padded_image);
    // (F×C·kh·kw) · (C·kh·kw×OH·OW) → F×OH·OW, which is image n of y.
    gemm(false, false, filters, pixels, patch, 1.0f, weight.data(), scratch.columns.data(), 1.0f,
         output);
  });
}

void conv2d_backward_input(const Tensor& dy, const Tensor& weight, const WindowGeometry& geometry,
                           Tensor& dx, Conv2dWorkspace& workspace) {
  const std::size_t filters = filter_count("conv2d_backward_input", geometry, weight);
  const std::size_t images = dy.dimension() == 4 ? dy.shape(0) : 0;
  require_tensor_shape("conv2d_backward_input", "dy", dy,
                       output_batch_shape(geometry, images, filters));
  require_tensor_shape("conv2d_backward_input", "weight", weight, weight_shape(geometry, filters));
  resize_if_needed(dx, input_batch_shape(geometry, images));
  size_columns(geometry, workspace);

  const std::size_t pixels = geometry.output_pixels(), patch = geometry.patch_size();
  for_each_image(images, workspace, [&](std::size_t image, Conv2dWorkspace::Scratch& scratch) {
    // (C·kh·kw×F) · (F×OH·OW): the gradient of every entry of the image's column matrix.
    gemm(true, false, patch, pixels, filters, 1.0f, weight.data(),
         dy.data() + image * filters * pixels, 0.0f, scratch.columns.data());
    // col2im accumulates, because overlapping patches share pixels; start from zero.
    float* image_gradient = dx.data() + image * geometry.image_size();
    std::fill(image_gradient, image_gradient + geometry.image_size(), 0.0f);
    col2im(scratch.columns.data(), geometry, pixels, image_gradient, scratch.padded_image);
  });
}

void conv2d_backward_parameters(const Tensor& x, const Tensor& dy, const WindowGeometry& geometry,
                                Tensor& weight_gradient, Tensor& bias_gradient,
                                Conv2dWorkspace& workspace) {
  const std::size_t filters = filter_count("conv2d_backward_parameters", geometry, weight_gradient);
  const std::size_t images = x.dimension() == 4 ? x.shape(0) : 0;
  require_tensor_shape("conv2d_backward_parameters", "x", x, input_batch_shape(geometry, images));
  require_tensor_shape("conv2d_backward_parameters", "dy", dy,
                       output_batch_shape(geometry, images, filters));
  require_tensor_shape("conv2d_backward_parameters", "weight_gradient", weight_gradient,
                       weight_shape(geometry, filters));
  require_tensor_shape("conv2d_backward_parameters", "bias_gradient", bias_gradient, {filters});
  size_columns(geometry, workspace);

  const std::size_t pixels = geometry.output_pixels(), patch = geometry.patch_size();
  // Every thread adds its images' share of dW into its own buffer; the buffers are summed at the
  // end, so no two threads ever write to the same memory. The buffers hold dWᵀ = Σ_n im2col(x_n) ·
  // dy_nᵀ, (C·kh·kw)×F, the same numbers transposed: OpenBLAS computes the product in that
  // orientation 1.3× faster on the reference CNN's second convolution (docs/performance.md).
  for (auto& scratch : workspace.per_thread) scratch.weight_gradient.assign(patch * filters, 0.0f);
  for_each_image(images, workspace, [&](std::size_t image, Conv2dWorkspace::Scratch& scratch) {
    // The columns are rebuilt rather than kept from the forward pass: that costs one more im2col
    // per image but keeps these functions free of hidden state, so they can be rerun on any x.
    im2col(x.data() + image * geometry.image_size(), geometry, scratch.columns.data(), pixels,
           scratch.padded_image);
    // (C·kh·kw×OH·OW) · (OH·OW×F), added onto this thread's dWᵀ (beta = 1).
    gemm(false, true, patch, filters, pixels, 1.0f, scratch.columns.data(),
         dy.data() + image * filters * pixels, 1.0f, scratch.weight_gradient.data());
  });
  float* total = weight_gradient.data();
  for (const auto& scratch : workspace.per_thread) {
    for (std::size_t filter = 0; filter < filters; ++filter) {
      for (std::size_t entry = 0; entry < patch; ++entry) {
        total[filter * patch + entry] += scratch.weight_gradient[entry * filters + filter];
      }
    }
  }
  // db[f] = Σ over images and pixels of dy. Each thread sums whole filters, so each entry of db has
  // one writer; run serially, this loop was a step where the second core waited.
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t index = 0; index < static_cast<std::ptrdiff_t>(filters); ++index) {
    const std::size_t filter = static_cast<std::size_t>(index);
    float total_of_filter = 0.0f;
    for (std::size_t image = 0; image < images; ++image) {
      const float* plane = dy.data() + (image * filters + filter) * pixels;
      float sum = 0.0f;
      // simd: lets the compiler add in several lanes at once (a plain float sum must keep its
      // order, one addition after the other, and took 3% of a CNN epoch).
#pragma omp simd reduction(+ : sum)
      for (std::size_t pixel = 0; pixel < pixels; ++pixel) sum += plane[pixel];
      total_of_filter += sum;
    }
    bias_gradient.data()[filter] += total_of_filter;
  }
}

Conv2d::Conv2d(const Conv2dSettings& settings, Rng& rng) : settings_(settings) {
  if (settings.in_channels == 0 || settings.out_channels == 0) {
    throw ArgumentError("Conv2d: in_channels and out_channels must be positive");
  }
  if (settings.kernel_height == 0 || settings.kernel_width == 0) {
    throw ArgumentError("Conv2d: the kernel size must be positive");
  }
  if (settings.stride == 0) throw ArgumentError("Conv2d: the stride must be positive");
  const Shape shape{settings.out_channels, settings.in_channels, settings.kernel_height,
                    settings.kernel_width};
  weight_ = Tensor::from_shape(shape);
  weight_gradient_ = xt::zeros<float>(shape);
  bias_ = xt::zeros<float>({settings.out_channels});
  bias_gradient_ = xt::zeros<float>({settings.out_channels});
  const std::size_t taps = settings.kernel_height * settings.kernel_width;
  if (settings.init == Initializer::he) {
    he_normal(weight_, settings.in_channels * taps, rng);
  } else {
    glorot_uniform(weight_, settings.in_channels * taps, settings.out_channels * taps, rng);
  }
}

const Tensor& Conv2d::forward(const Tensor& input) {
  if (input.dimension() != 4 || input.shape(0) == 0) {
    throw ArgumentError("Conv2d expects a batch of shape [N, " +
                        std::to_string(settings_.in_channels) + ", H, W], got " +
                        shape_to_string(shape_of(input)));
  }
  // output_shape gives the layer's own error message for a wrong channel count or a small image.
  output_shape(Shape(input.shape().begin() + 1, input.shape().end()));
  const Tensor& x = remember_input(input);
  geometry_ = conv2d_geometry(x, weight_, settings_.stride, settings_.padding);
  conv2d_forward(x, weight_, bias_, geometry_, output_, workspace_);
  return output_;
}

const Tensor& Conv2d::backward(const Tensor& output_gradient) {
  conv2d_backward_parameters(input(), output_gradient, geometry_, weight_gradient_, bias_gradient_,
                             workspace_);
  if (!input_gradient_needed_) return skipped_input_gradient();
  conv2d_backward_input(output_gradient, weight_, geometry_, input_gradient_, workspace_);
  return input_gradient_;
}

Shape Conv2d::output_shape(const Shape& input_shape) const {
  if (input_shape.size() != 3 || input_shape[0] != settings_.in_channels) {
    throw ArgumentError("Conv2d expects samples of shape [" +
                        std::to_string(settings_.in_channels) + ", H, W], got " +
                        shape_to_string(input_shape));
  }
  const WindowGeometry geometry =
      window_geometry("Conv2d", input_shape, settings_.kernel_height, settings_.kernel_width,
                      settings_.stride, settings_.padding);
  return {settings_.out_channels, geometry.output_height(), geometry.output_width()};
}

nlohmann::json Conv2d::config() const {
  nlohmann::json config = {{"in_channels", settings_.in_channels},
                           {"out_channels", settings_.out_channels}};
  if (settings_.kernel_height == settings_.kernel_width) {
    config["kernel"] = settings_.kernel_height;
  } else {
    config["kernel_height"] = settings_.kernel_height;
    config["kernel_width"] = settings_.kernel_width;
  }
  config["stride"] = settings_.stride;
  config["padding"] = settings_.padding;
  config["init"] = settings_.init == Initializer::he ? "he" : "glorot";
  return config;
}

std::vector<Parameter> Conv2d::parameters() {
  return {{"weight", &weight_, &weight_gradient_}, {"bias", &bias_, &bias_gradient_}};
}

}  // namespace glassbox
