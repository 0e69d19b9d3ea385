#include "explain/render/line_plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "explain/render/font.hpp"
#include "explain/render/png.hpp"
#include "framework/errors.hpp"

namespace glassbox::render {
namespace {

constexpr std::size_t kMargin = 12;
constexpr Rgb kAxisColor{60, 60, 60};
constexpr Rgb kGridColor{225, 225, 225};

std::string tick_label(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", std::abs(value) < 1e-12 ? 0.0 : value);
  return text;
}

// Round tick positions in [low, high]: multiples of 1, 2 or 5 × 10^k, about 5 of them.
std::vector<double> nice_ticks(double low, double high) {
  const double rough = (high - low) / 5.0;
  const double power = std::pow(10.0, std::floor(std::log10(rough)));
  const double fraction = rough / power;
  const double step = (fraction < 1.5   ? 1.0
                       : fraction < 3.5 ? 2.0
                       : fraction < 7.5 ? 5.0
                                        : 10.0) *
                      power;
  std::vector<double> ticks;
  for (double tick = std::ceil(low / step) * step; tick <= high + 1e-9 * step; tick += step) {
    ticks.push_back(tick);
  }
  return ticks;
}

// A line from (y0, x0) to (y1, x1), `thickness` pixels wide, in image coordinates (may be outside).
void draw_line(RgbImage& image, double y0, double x0, double y1, double x1, Rgb color,
               std::size_t thickness) {
  const double length = std::max(std::abs(y1 - y0), std::abs(x1 - x0));
  const auto points = static_cast<std::size_t>(std::ceil(length)) + 1;
  for (std::size_t p = 0; p <= points; ++p) {
    const double t = static_cast<double>(p) / static_cast<double>(points);
    const double y = y0 + t * (y1 - y0), x = x0 + t * (x1 - x0);
    if (y < 0.0 || x < 0.0) continue;
    fill_rectangle(image, static_cast<std::size_t>(std::lround(y)),
                   static_cast<std::size_t>(std::lround(x)), thickness, thickness, color);
  }
}

}  // namespace

Rgb series_color(std::size_t index) {
  // Twelve, so that pixel flipping's eleven methods and the random order all differ.
  static const Rgb colors[] = {{31, 119, 180},  {214, 39, 40},  {44, 160, 44},  {255, 127, 14},
                               {148, 103, 189}, {140, 86, 75},  {23, 190, 207}, {127, 127, 127},
                               {227, 119, 194}, {188, 189, 34}, {0, 0, 128},    {255, 187, 120}};
  return colors[index % (sizeof colors / sizeof colors[0])];
}

RgbImage render_line_plot(const std::vector<double>& x, const std::vector<Series>& series,
                          const LinePlotOptions& options) {
  if (x.size() < 2 || !std::is_sorted(x.begin(), x.end()) || x.front() == x.back()) {
    throw ArgumentError("line plot: x needs at least 2 ascending values, not all equal");
  }
  double low = series.empty() ? 0.0 : series.front().values.at(0), high = low;
  for (const auto& line : series) {
    if (line.values.size() != x.size()) {
      throw ArgumentError("line plot: series \"" + line.label + "\" has " +
                          std::to_string(line.values.size()) + " values for " +
                          std::to_string(x.size()) + " x values");
    }
    for (const double v : line.values) low = std::min(low, v), high = std::max(high, v);
  }
  const double pad = high > low ? 0.05 * (high - low) : 1.0;
  low -= pad, high += pad;

  const std::size_t s = options.font_scale, line = text_height(s) + 2 * s;
  const std::size_t y_label_width = text_width("-0.000e+00", s);
  const std::size_t left = kMargin + y_label_width + 3 * s, top = kMargin + 2 * line;
  const std::size_t right_margin = text_width("00000", s) + kMargin;  // room for the last x tick
  const std::size_t width = std::max(left + options.plot_width + right_margin,
                                     2 * kMargin + text_width(options.title, s));
  const std::size_t height = top + options.plot_height + 3 * line + series.size() * line + kMargin;
  RgbImage image = blank_image(height, width);
  draw_text(image, kMargin, kMargin, options.title, kBlack, s);

  const double plot_w = static_cast<double>(options.plot_width);
  const double plot_h = static_cast<double>(options.plot_height);
  auto column_of = [&](double value) {
    return static_cast<double>(left) + (value - x.front()) / (x.back() - x.front()) * plot_w;
  };
  auto row_of = [&](double value) {
    return static_cast<double>(top) + (high - value) / (high - low) * plot_h;
  };

  for (const double y_value : nice_ticks(low, high)) {  // horizontal grid lines, y tick labels
    const auto row = static_cast<std::size_t>(std::lround(row_of(y_value)));
    fill_rectangle(image, row, left, 1, options.plot_width, kGridColor);
    const std::string y_text = tick_label(y_value);
    draw_text(image, row - std::min(row, text_height(s) / 2), left - 3 * s - text_width(y_text, s),
              y_text, kAxisColor, s);
  }
  for (const double x_value : nice_ticks(x.front(), x.back())) {  // vertical ones, x tick labels
    const auto column = static_cast<std::size_t>(std::lround(column_of(x_value)));
    fill_rectangle(image, top, column, options.plot_height, 1, kGridColor);
    const std::string x_text = tick_label(x_value);
    draw_text(image, top + options.plot_height + 2 * s,
              column - std::min(column, text_width(x_text, s) / 2), x_text, kAxisColor, s);
  }
  fill_rectangle(image, top, left, options.plot_height + 1, 1, kAxisColor);
  fill_rectangle(image, top + options.plot_height, left, 1, options.plot_width + 1, kAxisColor);
  draw_text(
      image, top + options.plot_height + line + 2 * s,
      left +
          (options.plot_width - std::min(options.plot_width, text_width(options.x_label, s))) / 2,
      options.x_label, kBlack, s);

  for (const auto& series_line : series) {
    for (std::size_t p = 1; p < x.size(); ++p) {
      draw_line(image, row_of(series_line.values[p - 1]), column_of(x[p - 1]),
                row_of(series_line.values[p]), column_of(x[p]), series_line.color, 2);
    }
  }
  std::size_t legend_row = top + options.plot_height + 3 * line;
  for (const auto& series_line : series) {
    fill_rectangle(image, legend_row, left, text_height(s), 4 * text_height(s) / 2,
                   series_line.color);
    draw_text(image, legend_row, left + 3 * text_height(s), series_line.label, kBlack, s);
    legend_row += line;
  }
  return image;
}

void write_line_plot_png(const std::string& path, const std::vector<double>& x,
                         const std::vector<Series>& series, const LinePlotOptions& options) {
  write_png(path, render_line_plot(x, series, options));
}

}  // namespace glassbox::render
