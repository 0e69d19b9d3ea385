// Rows of grey pictures (explain/render/picture_rows): rows are stacked with their columns lined
// up whatever the length of their labels, and rows of different lengths are refused.
#include <doctest/doctest.h>

#include "explain/render/font.hpp"
#include "explain/render/picture_rows.hpp"
#include "framework/errors.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_render_picture_rows {

using namespace glassbox;
using namespace glassbox::render;

TEST_CASE("Picture rows stack one grid row under the other, columns aligned") {
  Tensor dark = Tensor::from_shape({4, 4}), light = Tensor::from_shape({4, 4});
  dark.fill(1.0f);
  light.fill(0.0f);
  GridOptions options;
  const std::vector<PictureRow> rows{{"a", {dark, light}, {"0", "1"}},
                                     {"longer", {light, dark}, {"2", "3"}}};
  const RgbImage figure = render_picture_rows(rows, options);
  options.show_legend = false;
  options.column_labels = {"0", "1"};
  options.input_label = "longer";
  const RgbImage one_row = render_grid({light, dark}, {}, options);
  CHECK(figure.shape(0) == 2 * one_row.shape(0));
  CHECK(figure.shape(1) == one_row.shape(1));
  // Both rows place their cells at the same columns although their labels differ in length: the
  // dark picture (black, ink on paper) is the first of row 1 and the second of row 2.
  const std::size_t body_left =
      options.margin + text_width("longer", options.font_scale) + 2 * options.gap;
  const std::size_t cell = 4 * options.upscale;
  const std::size_t first_middle = body_left + cell / 2;
  const std::size_t second_middle = first_middle + cell + options.gap;
  const std::size_t row_middle =
      options.margin + text_height(options.font_scale) + options.gap + cell / 2;
  const std::size_t next_row_middle = one_row.shape(0) + row_middle;
  CHECK(pixel_at(figure, row_middle, first_middle) == kBlack);
  CHECK(pixel_at(figure, row_middle, second_middle) == kWhite);
  CHECK(pixel_at(figure, next_row_middle, first_middle) == kWhite);
  CHECK(pixel_at(figure, next_row_middle, second_middle) == kBlack);
}

TEST_CASE("Rows of different lengths are refused") {
  const Tensor picture = Tensor::from_shape({4, 4});
  CHECK_THROWS_AS(render_picture_rows({{"a", {picture}, {}}, {"b", {picture, picture}, {}}}),
                  ArgumentError);
  CHECK_THROWS_AS(render_picture_rows({}), ArgumentError);
}

}  // namespace test_render_picture_rows
