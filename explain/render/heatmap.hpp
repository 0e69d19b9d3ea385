// Heatmap figures for image explanations: one heatmap, or a grid of methods × examples.
//
// Shapes: relevance maps and input images are H×W Tensors (or 1×…×1×H×W, e.g. a one-sample batch
// 1×1×28×28 as a model takes it); inputs hold intensities in [0, 1] (MNIST: 0 background,
// 1 stroke). Output images are RgbImage (image.hpp), written as PNG by the write_* functions.
//
// Colours follow colormap.hpp: red = evidence for the explained class, blue = against, white = 0,
// scaled symmetrically so that 0 is always white. Every map pixel becomes an upscale×upscale
// block (nearest neighbour), so pixels stay visibly pixels.
//
// A single heatmap shows the input in one of two ways:
//   outline       the input's contour drawn over the heatmap as a 1-pixel line: the boundary of
//                 the region where the input, bilinearly interpolated at the upscaled resolution,
//                 exceeds outline_threshold (0.5). Interpolating first makes the outline follow
//                 the stroke smoothly instead of tracing the staircase of whole input pixels. The
//                 line lies just inside the region, so it never covers relevance outside it.
//   side_by_side  the input as a grey panel, a gap, then the heatmap:  [ input | heatmap ].
//
// Grid layout (render_grid), all sizes in output pixels, f = upscale, g = gap, s = font_scale:
//
//   margin
//   [column labels]            optional, one line of text (7·s) + g, centred over each column
//   label  input_1  input_2 …  row 0: the inputs, grey
//   label  R_11     R_12    …  row 1: the first method's maps, one per example
//   …
//   [legend]                   optional: 2·g, a colour bar 7·s high, g, one line of text (7·s)
//   margin
//
//   cell              (H·f) × (W·f)
//   label column      widest row label + 2·g wide (0 when labels are off)
//   grid body         width C·W·f + (C − 1)·g,  height (R + 1)·H·f + R·g  for C examples, R rows
//   image width       2·margin + label column + max(grid body, legend width)
//   image height      2·margin + column labels + grid body + legend
// Each cell has a 1-pixel light grey frame drawn in the gap around it (when g ≥ 2 and margin ≥ 1),
// so a white heatmap (no relevance) still shows where its cell is.
//
// The legend is a colour bar from −limit (blue) through 0 (white) to +limit (red), labelled
// "against", "0" and "for"; with GridScaling::shared, where all maps share one limit, the limit
// itself is printed after the bar.
//
// Invalid arguments (wrong shapes, a row with the wrong number of maps, upscale 0) throw
// glassbox::ArgumentError; files that cannot be written throw glassbox::FileError.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "explain/render/colormap.hpp"
#include "explain/render/image.hpp"
#include "framework/tensor.hpp"

namespace glassbox::render {

enum class InputDisplay {
  none,          // the heatmap alone
  outline,       // the input's contour over the heatmap
  side_by_side,  // [ input | heatmap ]
};

struct HeatmapOptions {
  std::size_t upscale = 8;  // each map pixel becomes an upscale×upscale block
  InputDisplay input_display = InputDisplay::outline;
  float relevance_limit = 0.0f;  // |R| drawn fully saturated; 0: symmetric_limit(R, percentile)
  float percentile = kDefaultPercentile;
  float outline_threshold = 0.5f;  // the outline follows input = threshold
  Rgb outline_color = kBlack;
  GreyStyle input_style = GreyStyle::ink_on_paper;  // the input panel of side_by_side
  std::size_t gap = 8;                              // between the panels of side_by_side
};

// One heatmap of an H×W relevance map, showing the H×W input as options.input_display says.
// Size: (H·f)×(W·f), or (H·f)×(2·W·f + gap) side by side.
RgbImage render_heatmap(const Tensor& relevance, const Tensor& input,
                        const HeatmapOptions& options = {});

// The heatmap alone, (H·f)×(W·f) (options.input_display is ignored).
RgbImage render_heatmap(const Tensor& relevance, const HeatmapOptions& options = {});

// render_heatmap written as a PNG, atomically.
void write_heatmap_png(const std::string& path, const Tensor& relevance, const Tensor& input,
                       const HeatmapOptions& options = {});

// Draws the contour of {input > threshold} on `image`, which must be the input's size times
// `upscale`: (H·upscale)×(W·upscale). See outline above.
void draw_outline(RgbImage& image, const Tensor& input, std::size_t upscale, float threshold,
                  Rgb color = kBlack);

// One row of a grid: a method and its relevance maps, one per example, in the inputs' order.
struct GridRow {
  std::string label;               // e.g. "LRP-eps"; drawn left of the row
  std::vector<Tensor> relevances;  // C maps, each H×W
};

// Which maps share a colour scale in a grid.
enum class GridScaling {
  per_map,  // each map its own limit: shows where each method puts relevance (default)
  per_row,  // one limit per method: compares examples within a method
  shared,   // one limit for the whole grid: compares magnitudes across methods too
};

struct GridOptions {
  std::size_t upscale = 4;
  std::size_t gap = 4;
  std::size_t margin = 8;
  std::size_t font_scale = 2;  // label text: 5×7 glyphs at this many pixels per font pixel
  bool show_labels = true;     // the row labels (input_label and each GridRow::label)
  bool show_legend = true;
  bool outline_inputs = false;  // also draw each input's contour over its heatmaps
  std::string input_label = "input";
  std::vector<std::string> column_labels;  // empty, or one per example (e.g. "7 -> 7")
  GridScaling scaling = GridScaling::per_map;
  // Examples per band: more than this many are wrapped into bands, one under the other, each
  // with its inputs, maps and column labels, the legend under the last; all bands keep the
  // limits of the whole grid. 0: one band, however many examples. write_grid_png draws and
  // writes one band at a time, so a wrapped grid of any size needs the memory of a few bands.
  std::size_t columns_per_band = 0;
  float percentile = kDefaultPercentile;
  float outline_threshold = 0.5f;
  GreyStyle input_style = GreyStyle::ink_on_paper;
};

// The "methods × examples" figure: first row the C inputs, then one row per GridRow.
RgbImage render_grid(const std::vector<Tensor>& inputs, const std::vector<GridRow>& rows,
                     const GridOptions& options = {});

// render_grid written as a PNG, atomically.
void write_grid_png(const std::string& path, const std::vector<Tensor>& inputs,
                    const std::vector<GridRow>& rows, const GridOptions& options = {});

// The colour bar alone, height×width: blue at the left, white in the middle column, red at the
// right, each column x coloured diverging_color(t, 1) with t running linearly from −1 to 1.
RgbImage color_bar(std::size_t height, std::size_t width);

// The width of a legend's colour bar under a figure body `body_width` wide: as wide as the body
// but at most 257 pixels (a long figure does not need a long bar), at least `words_width` (room
// for its labels), and odd, so that its middle column is exactly white.
std::size_t legend_bar_width(std::size_t body_width, std::size_t words_width);

}  // namespace glassbox::render
