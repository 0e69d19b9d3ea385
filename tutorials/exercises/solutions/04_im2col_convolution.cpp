// Exercise 4, a teacher's solution: im2col, and the convolution as one product per image.
#include "tutorials/exercises/exercises.hpp"

#include <xtensor/xbuilder.hpp>

namespace glassbox::exercises {

Tensor im2col_matrix(const Tensor& image, std::size_t kernel, std::size_t stride,
                     std::size_t padding) {
  const std::size_t c = image.shape(0), h = image.shape(1), w = image.shape(2);
  const std::size_t oh = (h + 2 * padding - kernel) / stride + 1;
  const std::size_t ow = (w + 2 * padding - kernel) / stride + 1;
  Tensor columns = xt::zeros<float>({c * kernel * kernel, oh * ow});
  for (std::size_t ch = 0; ch < c; ++ch)
    for (std::size_t i = 0; i < kernel; ++i)
      for (std::size_t j = 0; j < kernel; ++j)
        for (std::size_t oy = 0; oy < oh; ++oy)
          for (std::size_t ox = 0; ox < ow; ++ox) {
            // Signed: oy·s − p + i is negative in the top padding.
            const long iy = static_cast<long>(oy * stride + i) - static_cast<long>(padding);
            const long ix = static_cast<long>(ox * stride + j) - static_cast<long>(padding);
            if (iy < 0 || ix < 0 || iy >= static_cast<long>(h) || ix >= static_cast<long>(w))
              continue;  // zero padding: the entry stays 0
            columns((ch * kernel + i) * kernel + j, oy * ow + ox) =
                image(ch, static_cast<std::size_t>(iy), static_cast<std::size_t>(ix));
          }
  return columns;
}

Tensor conv2d_im2col(const Tensor& x, const Tensor& weight, const Tensor& bias, std::size_t stride,
                     std::size_t padding) {
  const std::size_t n = x.shape(0), c = x.shape(1), h = x.shape(2), w = x.shape(3);
  const std::size_t f = weight.shape(0), k = weight.shape(2);
  const std::size_t oh = (h + 2 * padding - k) / stride + 1,
                    ow = (w + 2 * padding - k) / stride + 1;
  const std::size_t patch = c * k * k;
  Tensor y = Tensor::from_shape({n, f, oh, ow});
  for (std::size_t s = 0; s < n; ++s) {
    Tensor image = Tensor::from_shape({c, h, w});
    std::copy(x.data() + s * c * h * w, x.data() + (s + 1) * c * h * w, image.data());
    const Tensor columns = im2col_matrix(image, k, stride, padding);
    // y_n = W (F × C·k·k) · columns (C·k·k × OH·OW) + b; W's data read row-major is that matrix.
    for (std::size_t filter = 0; filter < f; ++filter)
      for (std::size_t pixel = 0; pixel < oh * ow; ++pixel) {
        float sum = bias(filter);
        for (std::size_t r = 0; r < patch; ++r)
          sum += weight.data()[filter * patch + r] * columns(r, pixel);
        y.data()[(s * f + filter) * oh * ow + pixel] = sum;
      }
  }
  return y;
}

}  // namespace glassbox::exercises
