// Figures written a band at a time: BandedPngEncoder (explain/render/png.hpp) against libpng's own
// decoder, and grids wrapped into bands (GridOptions::columns_per_band,
// explain/render/heatmap.hpp): the same pixels whether drawn whole or streamed, the limits of the
// whole grid in every band.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "explain/render/heatmap.hpp"
#include "explain/render/png.hpp"
#include "framework/errors.hpp"
#include "tests/test_render_files.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_render_bands {

using glassbox::ArgumentError;
using glassbox::Tensor;
using glassbox_render_test::decode_png;
using glassbox_render_test::read_file;
using glassbox_render_test::ScratchDirectory;
using namespace glassbox::render;

namespace {

// Rows top to bottom, every byte a different function of its position, so that a lost, repeated
// or shifted row or channel changes the decoded pixels.
RgbImage varied_image(std::size_t height, std::size_t width) {
  RgbImage image = blank_image(height, width);
  for (std::size_t i = 0; i < image.size(); ++i) {
    image.data()[i] = static_cast<std::uint8_t>((i * 7 + i / 3 * 13) % 256);
  }
  return image;
}

RgbImage rows_of(const RgbImage& image, std::size_t first, std::size_t count) {
  RgbImage band = blank_image(count, image.shape(1));
  std::copy_n(image.data() + first * image.shape(1) * 3, count * image.shape(1) * 3, band.data());
  return band;
}

// `count` examples of a 6×5 "digit" and its map; map c has its largest value 10 − c, so that a band
// of later examples, scaled on its own, would get a smaller limit than the whole grid.
struct GridExamples {
  std::vector<Tensor> inputs;
  std::vector<GridRow> rows{{"method", {}}};
};

GridExamples examples(std::size_t count) {
  GridExamples made;
  for (std::size_t c = 0; c < count; ++c) {
    Tensor input = xt::zeros<float>({6, 5});
    input(c % 6, 2) = 1.0f;
    Tensor map = xt::zeros<float>({6, 5});
    map(1, 1) = 10.0f - static_cast<float>(c);
    map(4, 3) = -0.5f * map(1, 1);
    made.inputs.push_back(input);
    made.rows[0].relevances.push_back(map);
  }
  return made;
}

}  // namespace

TEST_CASE("a PNG encoded band by band decodes to the image it was cut from") {
  const RgbImage image = varied_image(300, 41);
  BandedPngEncoder encoder(300, 41);
  // Bands of uneven heights, one of them empty, enough rows to fill several IDAT chunks.
  std::size_t row = 0;
  for (const std::size_t height : {1, 0, 150, 99, 50}) {
    encoder.add(rows_of(image, row, height));
    row += height;
  }
  const auto decoded = decode_png(encoder.finish(), PNG_FORMAT_RGB);
  REQUIRE_MESSAGE(decoded.ok, decoded.message);
  REQUIRE(decoded.height == 300);
  REQUIRE(decoded.width == 41);
  CHECK(std::equal(decoded.pixels.begin(), decoded.pixels.end(), image.begin(), image.end()));
}

TEST_CASE("the banded encoder refuses bands that do not fit the stated size") {
  CHECK_THROWS_AS(BandedPngEncoder(0, 5), ArgumentError);
  BandedPngEncoder encoder(4, 5);
  CHECK_THROWS_AS(encoder.add(blank_image(2, 6)), ArgumentError);  // wrong width
  encoder.add(blank_image(3, 5));
  CHECK_THROWS_AS(encoder.add(blank_image(2, 5)), ArgumentError);  // beyond 4 rows
  CHECK_THROWS_AS(encoder.finish(), ArgumentError);                // 3 of 4 rows
  encoder.add(blank_image(1, 5));
  CHECK(decode_png(encoder.finish(), PNG_FORMAT_RGB).ok);
  CHECK_THROWS_AS(encoder.finish(), ArgumentError);
  CHECK_THROWS_AS(encoder.add(blank_image(1, 5)), ArgumentError);
}

TEST_CASE("a wrapped grid is its bands one under the other, the legend under the last") {
  const GridExamples made = examples(7);
  GridOptions options;
  options.upscale = 2;
  options.column_labels = {"a", "b", "c", "d", "e", "f", "g"};
  options.columns_per_band = 3;  // bands of 3, 3 and 1 examples

  GridOptions band_options = options;
  band_options.columns_per_band = 0;
  band_options.show_legend = false;
  band_options.column_labels = {"a", "b", "c"};
  const std::vector<Tensor> first_inputs(made.inputs.begin(), made.inputs.begin() + 3);
  const std::vector<GridRow> first_rows{
      {"method", {made.rows[0].relevances.begin(), made.rows[0].relevances.begin() + 3}}};
  const RgbImage first_band = render_grid(first_inputs, first_rows, band_options);

  const RgbImage wrapped = render_grid(made.inputs, made.rows, options);
  const RgbImage legend_only =
      render_grid({made.inputs[6]}, {{"method", {made.rows[0].relevances[6]}}}, [&] {
        GridOptions last = band_options;
        last.show_legend = true;
        last.column_labels = {"g"};
        return last;
      }());
  CHECK(wrapped.shape(0) == 2 * first_band.shape(0) + legend_only.shape(0));
  CHECK(wrapped.shape(1) == std::max(first_band.shape(1), legend_only.shape(1)));
  // The top band is the first three examples drawn as a grid of their own.
  for (std::size_t y = 0; y < first_band.shape(0); ++y) {
    for (std::size_t x = 0; x < first_band.shape(1); ++x) {
      for (std::size_t channel = 0; channel < 3; ++channel) {
        REQUIRE(wrapped(y, x, channel) == first_band(y, x, channel));
      }
    }
  }
  // Seven examples fit one band when the bands are wide enough: no wrapping, as without bands.
  options.columns_per_band = 7;
  GridOptions whole = options;
  whole.columns_per_band = 0;
  CHECK(render_grid(made.inputs, made.rows, options) == render_grid(made.inputs, made.rows, whole));
}

TEST_CASE("a wrapped grid written band by band is the grid drawn whole, under every scaling") {
  const ScratchDirectory folder("render_bands");
  const GridExamples made = examples(10);
  for (const GridScaling scaling :
       {GridScaling::per_map, GridScaling::per_row, GridScaling::shared}) {
    CAPTURE(static_cast<int>(scaling));
    GridOptions options;
    options.upscale = 3;
    options.scaling = scaling;
    options.columns_per_band = 4;
    const std::string path = folder.file("grid.png");
    write_grid_png(path, made.inputs, made.rows, options);
    const RgbImage drawn = render_grid(made.inputs, made.rows, options);
    const auto decoded = decode_png(read_file(path), PNG_FORMAT_RGB);
    REQUIRE_MESSAGE(decoded.ok, decoded.message);
    REQUIRE(decoded.height == drawn.shape(0));
    REQUIRE(decoded.width == drawn.shape(1));
    CHECK(std::equal(decoded.pixels.begin(), decoded.pixels.end(), drawn.begin(), drawn.end()));
  }
}

TEST_CASE("the bands of a grid share the whole grid's limits") {
  // Under a shared scale the last band's maps (largest values 2 and 1) are pale beside the first
  // band's (up to 10); drawn as a grid of their own they would reach their own, smaller limit.
  const GridExamples made = examples(10);
  GridOptions options;
  options.upscale = 1;
  options.gap = 0;
  options.margin = 0;
  options.show_labels = false;
  options.show_legend = false;
  options.scaling = GridScaling::shared;
  options.columns_per_band = 8;  // bands of 8 and 2 examples
  const RgbImage wrapped = render_grid(made.inputs, made.rows, options);
  GridOptions unwrapped = options;
  unwrapped.columns_per_band = 0;
  const RgbImage whole = render_grid(made.inputs, made.rows, unwrapped);
  const std::vector<Tensor> last_inputs(made.inputs.begin() + 8, made.inputs.end());
  const std::vector<GridRow> last_rows{
      {"method", {made.rows[0].relevances.begin() + 8, made.rows[0].relevances.end()}}};
  const RgbImage alone = render_grid(last_inputs, last_rows, unwrapped);
  // Example 8's map pixel (1, 1): the second band starts at row 12 (each band two rows of 6
  // pixels), its maps at row 12 + 6; in the whole grid example 8 is at column 8 × 5.
  CHECK(pixel_at(wrapped, 12 + 6 + 1, 1) == pixel_at(whole, 6 + 1, 8 * 5 + 1));
  CHECK(pixel_at(wrapped, 12 + 6 + 1, 1) != pixel_at(alone, 6 + 1, 1));
}

}  // namespace test_render_bands
