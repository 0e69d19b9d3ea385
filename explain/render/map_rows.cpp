#include "explain/render/map_rows.hpp"

#include <algorithm>

#include "explain/render/font.hpp"
#include "explain/render/png.hpp"
#include "framework/errors.hpp"

namespace glassbox::render {
namespace {

// The maps of `row` as H×W matrices, checked: at least one, one size, one caption each if any.
std::vector<xt::xtensor<float, 2>> maps_of(const MapRow& row) {
  if (row.maps.empty()) throw ArgumentError("map rows: row \"" + row.label + "\" has no maps");
  if (!row.captions.empty() && row.captions.size() != row.maps.size()) {
    throw ArgumentError("map rows: row \"" + row.label + "\" has " +
                        std::to_string(row.captions.size()) + " captions for " +
                        std::to_string(row.maps.size()) + " maps");
  }
  std::vector<xt::xtensor<float, 2>> maps;
  for (std::size_t index = 0; index < row.maps.size(); ++index) {
    maps.push_back(
        as_map(row.maps[index], "map " + std::to_string(index) + " of row \"" + row.label + "\""));
    if (maps.back().shape() != maps.front().shape()) {
      throw ArgumentError("map rows: the maps of row \"" + row.label + "\" differ in size (map " +
                          std::to_string(index) + ")");
    }
  }
  return maps;
}

// The number one map is scaled by: the |v| that saturates (signed) or the largest v (intensities)
// over `values`, the map's, its row's or all maps' of its style.
float scale_of(const std::vector<float>& values, MapStyle style, float percentile) {
  if (values.empty()) return 0.0f;
  if (style == MapStyle::intensities) return *std::max_element(values.begin(), values.end());
  Tensor flat = xt::zeros<float>({values.size()});
  std::copy(values.begin(), values.end(), flat.begin());
  return symmetric_limit(flat, percentile);
}

void append(std::vector<float>& values, const xt::xtensor<float, 2>& map) {
  values.insert(values.end(), map.begin(), map.end());
}

// The scale of every map, [row][map], following options.scaling.
std::vector<std::vector<float>> scales_of(
    const std::vector<MapRow>& rows, const std::vector<std::vector<xt::xtensor<float, 2>>>& maps,
    const MapRowsOptions& options) {
  std::vector<float> all_signed, all_intensities;
  for (std::size_t row = 0; row < rows.size(); ++row) {
    for (const auto& map : maps[row]) {
      append(rows[row].style == MapStyle::signed_values ? all_signed : all_intensities, map);
    }
  }
  std::vector<std::vector<float>> scales(rows.size());
  for (std::size_t row = 0; row < rows.size(); ++row) {
    const MapStyle style = rows[row].style;
    std::vector<float> row_values;
    for (const auto& map : maps[row]) append(row_values, map);
    for (const auto& map : maps[row]) {
      std::vector<float> map_values;
      append(map_values, map);
      const std::vector<float>& values = options.scaling == GridScaling::per_map   ? map_values
                                         : options.scaling == GridScaling::per_row ? row_values
                                         : style == MapStyle::signed_values        ? all_signed
                                                                            : all_intensities;
      scales[row].push_back(scale_of(values, style, options.percentile));
    }
  }
  return scales;
}

// One map as an H×W×3 image before upscaling.
RgbImage colored(const xt::xtensor<float, 2>& map, MapStyle style, float scale, GreyStyle grey) {
  if (style == MapStyle::signed_values) return relevance_image(map, scale);
  Tensor shades = xt::zeros<float>({map.shape(0), map.shape(1)});
  if (scale > 0.0f) shades = map / scale;  // grey_image clamps to [0, 1]
  return grey_image(shades, grey);
}

}  // namespace

RgbImage render_map_rows(const std::vector<MapRow>& rows, const MapRowsOptions& options) {
  if (rows.empty()) throw ArgumentError("map rows: there must be at least one row");
  if (options.upscale == 0) throw ArgumentError("map rows: upscale must be at least 1");
  std::vector<std::vector<xt::xtensor<float, 2>>> maps;
  for (const MapRow& row : rows) maps.push_back(maps_of(row));
  const std::vector<std::vector<float>> scales = scales_of(rows, maps, options);

  const std::size_t f = options.upscale, g = options.gap, s = options.font_scale;
  std::size_t widest_label = 0, widest_row = 0, height = 2 * options.margin;
  bool any_signed = false;
  for (std::size_t row = 0; row < rows.size(); ++row) {
    widest_label = std::max(widest_label, text_width(rows[row].label, s));
    const std::size_t count = maps[row].size();
    widest_row = std::max(widest_row, count * maps[row][0].shape(1) * f + (count - 1) * g);
    height += (rows[row].captions.empty() ? 0 : text_height(s) + g) + maps[row][0].shape(0) * f;
    if (row > 0) height += 2 * g;
    any_signed |= rows[row].style == MapStyle::signed_values;
  }
  const bool legend = options.show_legend && any_signed;
  const std::size_t words = text_width(options.negative_label, s) + text_width("0", s) +
                            text_width(options.positive_label, s) + 4 * g;
  const std::size_t bar_width = legend_bar_width(widest_row, words);
  if (legend) height += 3 * g + 2 * text_height(s);
  const std::size_t label_column = widest_label == 0 ? 0 : widest_label + 2 * g;
  const std::size_t left = options.margin + label_column;
  const bool frames = g >= 2 && options.margin >= 1;  // drawn in the gap, so it needs room
  RgbImage figure = blank_image(
      height, 2 * options.margin + label_column + std::max(widest_row, legend ? bar_width : 0));

  std::size_t top = options.margin;
  for (std::size_t row = 0; row < rows.size(); ++row) {
    if (row > 0) top += 2 * g;
    const std::size_t cell_height = maps[row][0].shape(0) * f,
                      cell_width = maps[row][0].shape(1) * f;
    const std::size_t maps_top = top + (rows[row].captions.empty() ? 0 : text_height(s) + g);
    draw_text(figure, maps_top + (cell_height - std::min(cell_height, text_height(s))) / 2,
              options.margin, rows[row].label, kBlack, s);
    for (std::size_t index = 0; index < maps[row].size(); ++index) {
      const std::size_t cell_left = left + index * (cell_width + g);
      if (!rows[row].captions.empty()) {
        const std::string& caption = rows[row].captions[index];
        const std::size_t centre = cell_left + cell_width / 2, half = text_width(caption, s) / 2;
        draw_text(figure, top, centre > half ? centre - half : 0, caption, kBlack, s);
      }
      if (frames) draw_frame(figure, maps_top, cell_left, cell_height, cell_width, kFrameColor);
      paste(figure,
            upscale_nearest(
                colored(maps[row][index], rows[row].style, scales[row][index], options.grey_style),
                f),
            maps_top, cell_left);
    }
    top = maps_top + cell_height;
  }

  if (legend) {
    const std::size_t bar_top = top + 2 * g, bar_height = text_height(s);
    paste(figure, color_bar(bar_height, bar_width), bar_top, left);
    if (frames) draw_frame(figure, bar_top, left, bar_height, bar_width, kFrameColor);
    const std::size_t words_top = bar_top + bar_height + g;
    draw_text(figure, words_top, left, options.negative_label, kBlack, s);
    draw_text(figure, words_top, left + bar_width / 2 - text_width("0", s) / 2, "0", kBlack, s);
    draw_text(figure, words_top, left + bar_width - text_width(options.positive_label, s),
              options.positive_label, kBlack, s);
  }
  return figure;
}

void write_map_rows_png(const std::string& path, const std::vector<MapRow>& rows,
                        const MapRowsOptions& options) {
  write_png(path, render_map_rows(rows, options));
}

}  // namespace glassbox::render
