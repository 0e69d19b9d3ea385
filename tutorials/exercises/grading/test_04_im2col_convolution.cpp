// Grades exercise 4 (im2col and the convolution) against framework/layers/im2col.hpp and
// conv2d_naive.hpp.
#include "framework/layers/conv2d.hpp"
#include "framework/layers/conv2d_naive.hpp"
#include "lrp_reference.hpp"  // rows, random_tensor
#include "tutorials/exercises/exercises.hpp"
#include "tutorials/exercises/grading/grading.hpp"

using namespace glassbox;
using namespace glassbox::exercises;
using namespace glassbox::exercises::grading;
using namespace glassbox::testing;

namespace {

// The library's column matrix of one C×H×W image.
Tensor library_columns(const Tensor& image, std::size_t kernel, std::size_t stride,
                       std::size_t padding) {
  WindowGeometry g{image.shape(0), image.shape(1), image.shape(2), kernel, kernel, stride, padding};
  Tensor columns = Tensor::from_shape({g.patch_size(), g.output_pixels()});
  std::vector<float> padded;
  glassbox::im2col(image.data(), g, columns.data(), g.output_pixels(), padded);
  return columns;
}

}  // namespace

TEST_CASE("exercise 4, check 'im2col of a 3×3 image, 2×2 kernel'") {
  const Check check{4, "im2col of a 3×3 image",
                    "columns[(c·k + i)·k + j][oy·OW + ox] = image[c][oy·s − p + i][ox·s − p + j], "
                    "eq. (1): one row per kernel tap, one column per output pixel"};
  Tensor image = Tensor::from_shape({1, 3, 3});
  for (std::size_t i = 0; i < 9; ++i) image.data()[i] = static_cast<float>(i + 1);
  expect_close(check, "image 1..9 (1×3×3), k = 2, s = 1, p = 0",
               rows({{1, 2, 4, 5}, {2, 3, 5, 6}, {4, 5, 7, 8}, {5, 6, 8, 9}}),
               im2col_matrix(image, 2, 1, 0));
}

TEST_CASE("exercise 4, check 'im2col with padding and stride'") {
  const Check check{4, "im2col with padding and stride",
                    "OH = (H + 2p − k)/s + 1, and 0 where oy·s − p + i falls outside the image"};
  Tensor image = Tensor::from_shape({1, 3, 3});
  for (std::size_t i = 0; i < 9; ++i) image.data()[i] = static_cast<float>(i + 1);
  expect_close(check, "image 1..9 (1×3×3), k = 3, s = 2, p = 1", library_columns(image, 3, 2, 1),
               im2col_matrix(image, 3, 2, 1));
  const Tensor two_channels = random_tensor({2, 4, 5}, 10);
  expect_close(check, "random 2×4×5 image, k = 3, s = 1, p = 1",
               library_columns(two_channels, 3, 1, 1), im2col_matrix(two_channels, 3, 1, 1));
}

TEST_CASE("exercise 4, check 'convolution equals the definition'") {
  const Check check{4, "convolution equals the definition",
                    "eq. (2): y_n = W (F×C·k·k) · im2col(x_n) + b, laid out as F×OH×OW"};
  for (const auto& [stride, padding] : {std::pair<std::size_t, std::size_t>{1, 0}, {2, 1}}) {
    const Tensor x = random_tensor({2, 2, 5, 5}, 11), w = random_tensor({3, 2, 3, 3}, 12);
    const Tensor b = random_tensor({3}, 13);
    Tensor expected;
    conv2d_forward_naive(x, w, b, conv2d_geometry(x, w, stride, padding), expected);
    expect_close(
        check,
        "x 2×2×5×5, W 3×2×3×3, s = " + std::to_string(stride) + ", p = " + std::to_string(padding),
        expected, conv2d_im2col(x, w, b, stride, padding));
  }
}
