// Line plots (explain/render/line_plot.hpp): every series is drawn in its colour, the image grows
// with the legend, and bad x values or series lengths are refused.
#include <doctest/doctest.h>

#include "explain/render/line_plot.hpp"
#include "framework/errors.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_render_line_plot {

using glassbox::ArgumentError;
using namespace glassbox::render;

namespace {

std::size_t pixels_of(const RgbImage& image, Rgb color) {
  std::size_t count = 0;
  for (std::size_t y = 0; y < image.shape(0); ++y) {
    for (std::size_t x = 0; x < image.shape(1); ++x) count += pixel_at(image, y, x) == color;
  }
  return count;
}

}  // namespace

TEST_CASE("Each series appears in its own colour; more series make a taller legend") {
  const std::vector<double> x{0, 1, 2, 3};
  const Series falling{"falling", {3, 2, 1, 0}, series_color(0)};
  const Series flat{"flat", {1, 1, 1, 1}, series_color(1)};
  LinePlotOptions options;
  options.title = "two lines";
  const RgbImage one = render_line_plot(x, {falling}, options);
  const RgbImage two = render_line_plot(x, {falling, flat}, options);
  CHECK(two.shape(0) > one.shape(0));
  CHECK(two.shape(1) == one.shape(1));
  CHECK(two.shape(1) >= options.plot_width);
  CHECK(pixels_of(one, series_color(1)) == 0);
  // A line over the plot's width, 2 pixels thick, plus the legend swatch.
  CHECK(pixels_of(two, series_color(0)) > options.plot_width);
  CHECK(pixels_of(two, series_color(1)) > options.plot_width);
  CHECK(series_color(0) != series_color(1));
}

TEST_CASE("A line plot refuses x that is too short or not ascending, and ragged series") {
  const Series line{"line", {1, 2}, kBlack};
  CHECK_THROWS_AS(render_line_plot({0}, {}), ArgumentError);
  CHECK_THROWS_AS(render_line_plot({1, 0}, {line}), ArgumentError);
  CHECK_THROWS_AS(render_line_plot({2, 2}, {line}), ArgumentError);
  CHECK_THROWS_WITH_AS(render_line_plot({0, 1, 2}, {line}), doctest::Contains("\"line\" has 2"),
                       ArgumentError);
}

}  // namespace test_render_line_plot
