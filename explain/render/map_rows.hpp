// Figures of a model's own numbers rather than of an explanation: weights and filters (signed
// values), activations and average inputs (intensities), laid out as labelled rows of maps.
//
// Shapes: every map is H×W (or 1×…×1×H×W); the maps of one row share one H×W, but rows may differ
// in size and in count (a layer's 16 maps of 28×28 above the next layer's 32 maps of 14×14).
//
// Colours:
//   signed_values  the diverging map of colormap.hpp, red for v > 0, blue for v < 0, white for 0,
//                  saturating at |v| = the limit: symmetric_limit (the percentile of |v|) of the
//                  map, of its row or of every signed map, as options.scaling says;
//   intensities    grey, v / m clamped to [0, 1] in options.grey_style (ink on paper: 0 white,
//                  the largest value black), m the largest value of the map, the row or every
//                  intensity map, likewise; an all-zero map stays white.
//
// Layout, in output pixels (f = upscale, g = gap, s = font_scale, text lines 7·s high):
//
//   margin
//   row 1:  [captions]      one line (7·s) + g when the row has captions, centred over each map
//           label  M  M  …  maps of (H·f)×(W·f), g apart, each framed in light grey in the gap
//   2·g
//   row 2 …
//   [legend]                when some row is signed: 2·g, a colour bar 7·s high, g, one line of
//                           words: options.negative_label, "0", options.positive_label
//   margin
//
//   label column   widest row label + 2·g (0 when every label is empty)
//   image width    2·margin + label column + max(widest row of maps, legend)
//
// ArgumentError for no rows, a row without maps, maps of one row with different sizes, captions
// that are not one per map, or upscale 0.
#pragma once

#include <string>
#include <vector>

#include "explain/render/heatmap.hpp"  // GridScaling, color_bar

namespace glassbox::render {

enum class MapStyle {
  signed_values,  // weights, filters: red > 0, blue < 0
  intensities,    // activations, mean images: grey, scaled to the largest value
};

struct MapRow {
  std::string label;                  // drawn left of the row, e.g. "conv 1"
  std::vector<Tensor> maps;           // C maps, each H×W
  std::vector<std::string> captions;  // empty, or one per map, e.g. "unit 7"
  MapStyle style = MapStyle::signed_values;
};

struct MapRowsOptions {
  std::size_t upscale = 4;
  std::size_t gap = 4;
  std::size_t margin = 8;
  std::size_t font_scale = 2;
  GridScaling scaling = GridScaling::per_map;  // which maps share a limit (or a maximum)
  float percentile = kDefaultPercentile;       // signed maps: the |v| drawn fully saturated
  GreyStyle grey_style = GreyStyle::ink_on_paper;
  bool show_legend = true;  // drawn only when some row is signed
  std::string negative_label = "negative";
  std::string positive_label = "positive";
};

// The rows, one under the other (see the layout above).
RgbImage render_map_rows(const std::vector<MapRow>& rows, const MapRowsOptions& options = {});

// render_map_rows written as a PNG, atomically.
void write_map_rows_png(const std::string& path, const std::vector<MapRow>& rows,
                        const MapRowsOptions& options = {});

}  // namespace glassbox::render
