// Figures the tutorials compose from the render library's pieces (explain/render/): panels set
// side by side (line plots among them), and a function of two coordinates drawn as a landscape of
// grey bands with marked points (tutorial 4 cuts activation maximization's objectives along a plane
// of input space).
//
// Shapes: a landscape is a G×G grid of values, row 0 drawn at the top; images are H×W×3.
#pragma once

#include <string>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "explain/render/image.hpp"
#include "explain/render/line_plot.hpp"

namespace glassbox::tutorials {

// The panels in one row, top-aligned, `gap` white pixels apart, on white.
render::RgbImage side_by_side(const std::vector<render::RgbImage>& panels, std::size_t gap = 24);

// One line plot of a row of plots: its x values, its lines and its title.
struct PlotPanel {
  std::vector<double> x;
  std::vector<render::Series> series;
  std::string title;
};

// The plots side by side as a PNG, each drawn with `options` and its own title.
void write_plots_side_by_side(const std::string& path, const std::vector<PlotPanel>& panels,
                              render::LinePlotOptions options);

// A point to mark on a landscape, at fractional grid coordinates (row, column).
struct Marker {
  double row = 0.0, column = 0.0;
  std::string label;  // drawn right of the mark, e.g. "S"
  render::Rgb color = render::kBlack;
};

struct LandscapeStyle {
  std::size_t upscale = 4;  // each grid cell becomes upscale×upscale pixels
  int bands = 10;           // grey levels between low and high: equal bands read as contours
  std::size_t font_scale = 2;
};

// values (G×G) as a picture with `title` above it: brighter is higher, value v in band
// floor(bands·(v − low)/(high − low)) (below low: the darkest, above high: the brightest), and
// each marker a small square of its colour with its label beside it.
render::RgbImage landscape_image(const xt::xtensor<double, 2>& values, double low, double high,
                                 const std::string& title, const std::vector<Marker>& markers,
                                 const LandscapeStyle& style = {});

}  // namespace glassbox::tutorials
