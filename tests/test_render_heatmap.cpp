// Heatmap figures (explain/render/heatmap.hpp): sizes of single heatmaps and grids against the
// layout documented in the header, colours at known pixels, the input outline, the colour bar,
// and argument and file errors.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "explain/render/font.hpp"
#include "explain/render/heatmap.hpp"
#include "explain/render/png.hpp"
#include "framework/errors.hpp"
#include "tests/test_render_files.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_render_heatmap {

using glassbox::ArgumentError;
using glassbox::FileError;
using glassbox::Tensor;
using glassbox_render_test::decode_png;
using glassbox_render_test::read_file;
using glassbox_render_test::ScratchDirectory;
using namespace glassbox::render;

namespace {

// A 6×5 input with a 2×2 block of ink at rows 2–3, columns 1–2.
Tensor block_input() {
  Tensor input = xt::zeros<float>({6, 5});
  for (std::size_t row = 2; row < 4; ++row) {
    for (std::size_t column = 1; column < 3; ++column) input(row, column) = 1.0f;
  }
  return input;
}

// Relevance +1 at (0, 0), −1 at (5, 4), 0 elsewhere.
Tensor corner_relevance() {
  Tensor relevance = xt::zeros<float>({6, 5});
  relevance(0, 0) = 1.0f;
  relevance(5, 4) = -1.0f;
  return relevance;
}

const Rgb kRed{255, 0, 0};
const Rgb kBlue{0, 0, 255};

}  // namespace

TEST_CASE("a heatmap alone is the map upscaled by nearest neighbour") {
  HeatmapOptions options;
  options.upscale = 3;
  const RgbImage image = render_heatmap(corner_relevance(), options);
  REQUIRE(image.shape(0) == 18);
  REQUIRE(image.shape(1) == 15);
  for (std::size_t dy = 0; dy < 3; ++dy) {
    for (std::size_t dx = 0; dx < 3; ++dx) {
      CHECK(pixel_at(image, dy, dx) == kRed);
      CHECK(pixel_at(image, 15 + dy, 12 + dx) == kBlue);
    }
  }
  CHECK(pixel_at(image, 3, 3) == kWhite);
}

TEST_CASE("a given relevance limit replaces the automatic one") {
  HeatmapOptions options;
  options.upscale = 1;
  options.relevance_limit = 2.0f;
  const RgbImage image = render_heatmap(corner_relevance(), options);
  CHECK(pixel_at(image, 0, 0) == Rgb{255, 128, 128});  // 1 of a limit of 2: half strength
  options.relevance_limit = -1.0f;
  CHECK_THROWS_AS(render_heatmap(corner_relevance(), options), ArgumentError);
}

TEST_CASE("the outline traces the inside edge of the inked region") {
  HeatmapOptions options;
  options.upscale = 4;
  options.input_display = InputDisplay::outline;
  options.outline_color = Rgb{0, 255, 0};
  const RgbImage image = render_heatmap(corner_relevance(), block_input(), options);
  REQUIRE(image.shape(0) == 24);
  REQUIRE(image.shape(1) == 20);
  std::size_t outline_pixels = 0;
  for (std::size_t row = 0; row < 24; ++row) {
    for (std::size_t column = 0; column < 20; ++column) {
      if (pixel_at(image, row, column) == options.outline_color) ++outline_pixels;
    }
  }
  // Interpolated between pixel centres, the block's profile along each axis is 0.625, 0.875,
  // 1, 1, 1, 1, 0.875, 0.625 over output rows 8–15 (and columns 4–11), 0.375 or less outside.
  // The 2-D value is the product, so the region above 0.5 is that 8×8 square without its four
  // corners (0.625² < 0.5), and its inside edge has 4 sides of 6 pixels.
  CHECK(outline_pixels == 24);
  CHECK(pixel_at(image, 8, 5) == options.outline_color);
  CHECK(pixel_at(image, 15, 10) == options.outline_color);
  CHECK(pixel_at(image, 11, 4) == options.outline_color);
  CHECK(pixel_at(image, 8, 4) == kWhite);   // the cut corner
  CHECK(pixel_at(image, 12, 8) == kWhite);  // the inside is left as the heatmap drew it
  CHECK(pixel_at(image, 0, 0) == kRed);     // relevance away from the outline is untouched
}

TEST_CASE("side by side: the input panel, a gap, then the heatmap") {
  HeatmapOptions options;
  options.upscale = 2;
  options.gap = 3;
  options.input_display = InputDisplay::side_by_side;
  const RgbImage image = render_heatmap(corner_relevance(), block_input(), options);
  REQUIRE(image.shape(0) == 12);
  REQUIRE(image.shape(1) == 2 * 10 + 3);
  CHECK(pixel_at(image, 4, 2) == kBlack);   // ink (input row 2, column 1), ink-on-paper
  CHECK(pixel_at(image, 0, 0) == kWhite);   // paper
  CHECK(pixel_at(image, 0, 13) == kRed);    // heatmap starts at column 10 + 3
  CHECK(pixel_at(image, 11, 22) == kBlue);  // last heatmap pixel
}

TEST_CASE("a heatmap and an input of different shapes are rejected") {
  CHECK_THROWS_AS(render_heatmap(corner_relevance(), Tensor(xt::zeros<float>({5, 6}))),
                  ArgumentError);
  HeatmapOptions zero_upscale;
  zero_upscale.upscale = 0;
  CHECK_THROWS_AS(render_heatmap(corner_relevance(), zero_upscale), ArgumentError);
}

TEST_CASE("grid dimensions follow the documented layout") {
  const std::size_t examples = 5, methods = 3;
  const std::vector<Tensor> inputs(examples, block_input());
  std::vector<GridRow> rows;
  for (std::size_t method = 0; method < methods; ++method) {
    rows.push_back(
        {"method " + std::to_string(method), std::vector<Tensor>(examples, corner_relevance())});
  }
  GridOptions options;
  options.upscale = 3;
  options.gap = 4;
  options.margin = 7;
  options.show_labels = false;
  options.show_legend = false;
  const std::size_t body_width = examples * 5 * 3 + (examples - 1) * 4;
  const std::size_t body_height = (methods + 1) * 6 * 3 + methods * 4;
  RgbImage grid = render_grid(inputs, rows, options);
  CHECK(grid.shape(0) == 2 * 7 + body_height);
  CHECK(grid.shape(1) == 2 * 7 + body_width);
  CHECK(grid.shape(2) == 3);
  // The first heatmap cell (row 1, column 0) starts at margin + one cell + gap; its top-left
  // map pixel is relevance +1: red.
  CHECK(pixel_at(grid, 7 + 18 + 4, 7) == kRed);

  // Labels add a column as wide as the widest label plus 2 gaps ("method 0" is the widest).
  options.show_labels = true;
  grid = render_grid(inputs, rows, options);
  CHECK(grid.shape(1) == 2 * 7 + text_width("method 0", 2) + 2 * 4 + body_width);
  CHECK(grid.shape(0) == 2 * 7 + body_height);

  // Column labels add one line of text and a gap; the legend 3 gaps and two lines.
  options.column_labels = {"a", "b", "c", "d", "e"};
  options.show_legend = true;
  grid = render_grid(inputs, rows, options);
  CHECK(grid.shape(0) == 2 * 7 + (text_height(2) + 4) + body_height + (3 * 4 + 2 * text_height(2)));
}

TEST_CASE("grid scaling: per map, per row and shared limits") {
  Tensor weak = corner_relevance() * 0.5f;
  const std::vector<Tensor> inputs(2, block_input());
  const std::vector<GridRow> rows = {{"strong", {corner_relevance(), corner_relevance()}},
                                     {"weak", {weak, corner_relevance()}}};
  GridOptions options;
  options.upscale = 1;
  options.gap = 2;
  options.margin = 2;
  options.show_labels = false;
  options.show_legend = false;
  auto first_pixel_of = [&](const RgbImage& grid, std::size_t row, std::size_t column) {
    return pixel_at(grid, 2 + row * (6 + 2), 2 + column * (5 + 2));
  };
  options.scaling = GridScaling::per_map;
  CHECK(first_pixel_of(render_grid(inputs, rows, options), 2, 0) == kRed);  // own limit 0.5
  options.scaling = GridScaling::per_row;
  CHECK(first_pixel_of(render_grid(inputs, rows, options), 2, 0) == Rgb{255, 128, 128});
  options.scaling = GridScaling::shared;
  CHECK(first_pixel_of(render_grid(inputs, rows, options), 2, 0) == Rgb{255, 128, 128});
  CHECK(first_pixel_of(render_grid(inputs, rows, options), 1, 1) == kRed);
}

TEST_CASE("grids with missing or misshapen maps are rejected") {
  const std::vector<Tensor> inputs(2, block_input());
  CHECK_THROWS_AS(render_grid(inputs, {{"short", {corner_relevance()}}}), ArgumentError);
  CHECK_THROWS_AS(
      render_grid(inputs, {{"shape", {corner_relevance(), Tensor(xt::zeros<float>({4, 4}))}}}),
      ArgumentError);
  CHECK_THROWS_AS(render_grid({}, {}), ArgumentError);
  GridOptions options;
  options.column_labels = {"only one"};
  CHECK_THROWS_AS(render_grid(inputs, {}, options), ArgumentError);
}

TEST_CASE("the colour bar runs from blue through white to red") {
  const RgbImage bar = color_bar(3, 101);
  CHECK(pixel_at(bar, 0, 0) == kBlue);
  CHECK(pixel_at(bar, 2, 50) == kWhite);
  CHECK(pixel_at(bar, 1, 100) == kRed);
}

TEST_CASE("grids and heatmaps are written as PNG files; unwritable paths are FileErrors") {
  ScratchDirectory directory("render_heatmap");
  const std::vector<Tensor> inputs(2, block_input());
  const std::vector<GridRow> rows = {{"m", {corner_relevance(), corner_relevance()}}};
  const std::string path = directory.file("grid.png");
  write_grid_png(path, inputs, rows);
  const RgbImage expected = render_grid(inputs, rows);
  const auto decoded = decode_png(read_file(path), PNG_FORMAT_RGB);
  REQUIRE(decoded.ok);
  CHECK(decoded.height == expected.shape(0));
  CHECK(decoded.width == expected.shape(1));

  const std::string nowhere = directory.file("missing_folder/grid.png");
  CHECK_THROWS_AS(write_grid_png(nowhere, inputs, rows), FileError);
  CHECK_THROWS_AS(write_heatmap_png(nowhere, corner_relevance(), block_input()), FileError);
}

}  // namespace test_render_heatmap
