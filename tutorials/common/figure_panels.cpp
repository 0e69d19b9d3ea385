#include "tutorials/common/figure_panels.hpp"

#include <algorithm>
#include <cmath>

#include "explain/render/font.hpp"
#include "explain/render/png.hpp"

namespace glassbox::tutorials {

render::RgbImage side_by_side(const std::vector<render::RgbImage>& panels, std::size_t gap) {
  std::size_t height = 0, width = 0;
  for (const render::RgbImage& panel : panels) {
    height = std::max(height, panel.shape(0));
    width += panel.shape(1) + (width > 0 ? gap : 0);
  }
  render::RgbImage canvas = render::blank_image(height, width);
  std::size_t left = 0;
  for (const render::RgbImage& panel : panels) {
    render::paste(canvas, panel, 0, left);
    left += panel.shape(1) + gap;
  }
  return canvas;
}

void write_plots_side_by_side(const std::string& path, const std::vector<PlotPanel>& panels,
                              render::LinePlotOptions options) {
  std::vector<render::RgbImage> images;
  for (const PlotPanel& panel : panels) {
    options.title = panel.title;
    images.push_back(render::render_line_plot(panel.x, panel.series, options));
  }
  render::write_png(path, side_by_side(images));
}

render::RgbImage landscape_image(const xt::xtensor<double, 2>& values, double low, double high,
                                 const std::string& title, const std::vector<Marker>& markers,
                                 const LandscapeStyle& style) {
  const std::size_t rows = values.shape(0), columns = values.shape(1), f = style.upscale;
  const std::size_t s = style.font_scale, top = render::text_height(s) + 3 * s;
  const std::size_t width = std::max(columns * f, render::text_width(title, s));
  render::RgbImage image = render::blank_image(top + rows * f, width);
  render::draw_text(image, 0, 0, title, render::kBlack, s);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < columns; ++c) {
      const double t = high > low ? (values(r, c) - low) / (high - low) : 1.0;
      const double band = std::clamp(std::floor(t * style.bands), 0.0, style.bands - 1.0);
      // Band 0 a dark grey, the top band white: the marks stay visible on both.
      const auto grey = static_cast<std::uint8_t>(40.0 + 215.0 * band / (style.bands - 1.0));
      render::fill_rectangle(image, top + r * f, c * f, f, f, {grey, grey, grey});
    }
  }
  const std::size_t mark = 3 * s;
  for (const Marker& marker : markers) {
    // Kept far enough from the top and left edges that the square's white rim fits.
    const auto y =
        std::max(static_cast<std::size_t>(std::lround(top + (marker.row + 0.5) * f)), top + mark);
    const auto x = std::max(static_cast<std::size_t>(std::lround((marker.column + 0.5) * f)), mark);
    render::fill_rectangle(image, y - mark / 2 - s, x - mark / 2 - s, mark + 2 * s, mark + 2 * s,
                           render::kWhite);
    render::fill_rectangle(image, y - mark / 2, x - mark / 2, mark, mark, marker.color);
    // The label on a white patch, readable over the darkest band too.
    const std::size_t text_top = y - render::text_height(s) / 2, text_left = x + mark;
    render::fill_rectangle(image, text_top - s, text_left - s, render::text_height(s) + 2 * s,
                           render::text_width(marker.label, s) + 2 * s, render::kWhite);
    render::draw_text(image, text_top, text_left, marker.label, marker.color, s);
  }
  return image;
}

}  // namespace glassbox::tutorials
