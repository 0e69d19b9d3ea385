// Rows of signed maps and intensities (explain/render/map_rows): the size the layout promises,
// the colour of every kind of value, the three scalings, the legend only for signed rows, errors,
// and the PNG file.
#include <doctest/doctest.h>

#include "explain/render/font.hpp"
#include "explain/render/map_rows.hpp"
#include "framework/errors.hpp"
#include "tests/test_render_files.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_render_map_rows {

using namespace glassbox;
using namespace glassbox::render;

namespace {

MapRowsOptions small_options() {
  MapRowsOptions options;
  options.upscale = 2;
  options.gap = 2;
  options.margin = 3;
  options.font_scale = 1;
  options.show_legend = false;
  return options;
}

// The centre of map `index` of a row whose maps start at (top, left), cells `cell` pixels wide.
Rgb centre_of(const RgbImage& figure, std::size_t top, std::size_t left, std::size_t cell,
              std::size_t gap, std::size_t index) {
  return pixel_at(figure, top + cell / 2, left + index * (cell + gap) + cell / 2);
}

}  // namespace

TEST_CASE("The figure has the size the layout states, rows of different sizes and counts") {
  const MapRowsOptions options = small_options();
  const Tensor big = xt::zeros<float>({3, 3}), small = xt::zeros<float>({2, 2});
  const std::vector<MapRow> rows{{"a", {big, big}, {}, MapStyle::signed_values},
                                 {"bb", {small}, {"x"}, MapStyle::intensities}};
  const RgbImage figure = render_map_rows(rows, options);
  // Widest row: two 6-pixel cells and a gap. Height: 6, 2·gap, a caption line and gap, 4.
  CHECK(figure.shape(1) == 2 * 3 + text_width("bb") + 2 * 2 + (6 + 2 + 6));
  CHECK(figure.shape(0) == 2 * 3 + 6 + 2 * 2 + (text_height() + 2) + 4);
}

TEST_CASE("Signed maps are red, blue and white; intensities grey up to the largest value") {
  const MapRowsOptions options = small_options();
  const Tensor weights{{2.0f, -2.0f}, {0.0f, 1.0f}};
  const Tensor activation{{0.0f, 4.0f}, {2.0f, 0.0f}};
  const RgbImage figure = render_map_rows(
      {{"", {weights}, {}, MapStyle::signed_values}, {"", {activation}, {}, MapStyle::intensities}},
      options);
  // No labels, so the maps start at the margin; each value is a 2×2 block.
  const std::size_t top = 3, left = 3;
  CHECK(pixel_at(figure, top, left) == Rgb{255, 0, 0});
  CHECK(pixel_at(figure, top, left + 2) == Rgb{0, 0, 255});
  CHECK(pixel_at(figure, top + 2, left) == kWhite);
  CHECK(pixel_at(figure, top + 2, left + 2) == diverging_color(1.0f, 2.0f));
  const std::size_t second = top + 4 + 2 * 2;
  CHECK(pixel_at(figure, second, left) == kWhite);                           // 0
  CHECK(pixel_at(figure, second, left + 2) == kBlack);                       // the largest, 4
  CHECK(pixel_at(figure, second + 2, left) == grey_color(0.5f));             // 2 of 4
  CHECK(pixel_at(figure, second, left + 2) != pixel_at(figure, top, left));  // grey, not red
}

TEST_CASE("Scaling per map, per row or shared decides which maps saturate") {
  MapRowsOptions options = small_options();
  options.percentile = 100.0f;
  const Tensor one = xt::ones<float>({1, 1}), two = 2.0f * one;
  const std::vector<MapRow> rows{{"", {one, two}, {}, MapStyle::signed_values},
                                 {"", {one}, {}, MapStyle::signed_values}};
  const std::size_t top = 3, left = 3, cell = 2, gap = 2, second = top + cell + 2 * gap;
  SUBCASE("per map: every map saturates") {
    const RgbImage figure = render_map_rows(rows, options);
    CHECK(centre_of(figure, top, left, cell, gap, 0) == Rgb{255, 0, 0});
    CHECK(centre_of(figure, top, left, cell, gap, 1) == Rgb{255, 0, 0});
    CHECK(centre_of(figure, second, left, cell, gap, 0) == Rgb{255, 0, 0});
  }
  SUBCASE("per row: the 1 beside a 2 is half red, the 1 alone saturates") {
    options.scaling = GridScaling::per_row;
    const RgbImage figure = render_map_rows(rows, options);
    CHECK(centre_of(figure, top, left, cell, gap, 0) == diverging_color(1.0f, 2.0f));
    CHECK(centre_of(figure, second, left, cell, gap, 0) == Rgb{255, 0, 0});
  }
  SUBCASE("shared: every 1 is half red") {
    options.scaling = GridScaling::shared;
    const RgbImage figure = render_map_rows(rows, options);
    CHECK(centre_of(figure, top, left, cell, gap, 0) == diverging_color(1.0f, 2.0f));
    CHECK(centre_of(figure, top, left, cell, gap, 1) == Rgb{255, 0, 0});
    CHECK(centre_of(figure, second, left, cell, gap, 0) == diverging_color(1.0f, 2.0f));
  }
}

TEST_CASE("The legend is drawn under signed rows only") {
  MapRowsOptions options = small_options();
  options.show_legend = true;
  const Tensor map = xt::ones<float>({2, 2});
  const RgbImage grey = render_map_rows({{"", {map}, {}, MapStyle::intensities}}, options);
  const RgbImage colour = render_map_rows({{"", {map}, {}, MapStyle::signed_values}}, options);
  CHECK(colour.shape(0) == grey.shape(0) + 3 * 2 + 2 * text_height());
  // The bar runs from blue at its left end to red at its right end.
  const std::size_t bar_top = 3 + 4 + 2 * 2, bar_left = 3;
  CHECK(pixel_at(colour, bar_top + 1, bar_left) == Rgb{0, 0, 255});
}

TEST_CASE("Rows that cannot be drawn are refused") {
  const Tensor map = xt::zeros<float>({2, 2}), other = xt::zeros<float>({3, 3});
  CHECK_THROWS_AS(render_map_rows({}), ArgumentError);
  CHECK_THROWS_AS(render_map_rows({{"empty", {}, {}, MapStyle::signed_values}}), ArgumentError);
  CHECK_THROWS_AS(render_map_rows({{"mixed", {map, other}, {}, MapStyle::signed_values}}),
                  ArgumentError);
  CHECK_THROWS_AS(render_map_rows({{"captions", {map, map}, {"one"}, MapStyle::intensities}}),
                  ArgumentError);
  CHECK_THROWS_AS(render_map_rows({{"cube", {xt::zeros<float>({2, 2, 2})}, {}}}), ArgumentError);
  MapRowsOptions options;
  options.upscale = 0;
  CHECK_THROWS_AS(render_map_rows({{"a", {map}, {}}}, options), ArgumentError);
}

TEST_CASE("write_map_rows_png writes the figure as a PNG") {
  const glassbox_render_test::ScratchDirectory folder("map_rows");
  const std::vector<MapRow> rows{{"w", {Tensor{{1.0f, -1.0f}}}, {"unit"}}};
  write_map_rows_png(folder.file("rows.png"), rows);
  const auto decoded = glassbox_render_test::decode_png(
      glassbox_render_test::read_file(folder.file("rows.png")), PNG_FORMAT_RGB);
  REQUIRE(decoded.ok);
  const RgbImage figure = render_map_rows(rows);
  CHECK(decoded.height == figure.shape(0));
  CHECK(decoded.width == figure.shape(1));
}

}  // namespace test_render_map_rows
