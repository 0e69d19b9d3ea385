// Line plots for curves (pixel flipping, training histories): several series over one x axis,
// with axes, a few labelled ticks, a title and a legend, drawn with the built-in font.
//
//   margin
//   title                                   one line of text
//   y ticks │ plot area (series as lines)   series drawn 2 pixels thick, in order
//           └──────────────────────────
//             x ticks, then the x label
//   legend: one line per series, a colour swatch and its label
//   margin
//
// The y range is that of all values, widened by 5% on each side (or ±1 around a constant); the x
// range is [first x, last x]. Ticks fall on round numbers (1, 2 or 5 × 10^k apart), printed with
// 3 significant digits.
//
// Shapes: x has P values, ascending; every series has P values (P points).
#pragma once

#include <string>
#include <vector>

#include "explain/render/image.hpp"

namespace glassbox::render {

struct Series {
  std::string label;
  std::vector<double> values;  // one per x
  Rgb color = kBlack;
};

struct LinePlotOptions {
  std::string title;
  std::string x_label;
  std::size_t plot_width = 480, plot_height = 300;  // the plot area, in pixels
  std::size_t font_scale = 2;
};

// The distinct colours series get by default, in order (cycled).
Rgb series_color(std::size_t index);

// ArgumentError when x has fewer than 2 values, is not ascending, or a series has another length.
RgbImage render_line_plot(const std::vector<double>& x, const std::vector<Series>& series,
                          const LinePlotOptions& options = {});

// render_line_plot written as a PNG, atomically.
void write_line_plot_png(const std::string& path, const std::vector<double>& x,
                         const std::vector<Series>& series, const LinePlotOptions& options = {});

}  // namespace glassbox::render
