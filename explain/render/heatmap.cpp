#include "explain/render/heatmap.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "explain/render/font.hpp"
#include "explain/render/png.hpp"
#include "framework/errors.hpp"
#include "framework/serialization/atomic_write.hpp"

namespace glassbox::render {
namespace {

void check_upscale(std::size_t upscale) {
  if (upscale == 0) throw ArgumentError("heatmap: upscale must be at least 1");
}

// The limit for `relevance` under the options: the given one, or computed from the percentile.
float limit_for(const Tensor& relevance, float given_limit, float percentile) {
  if (given_limit < 0.0f || std::isnan(given_limit)) {
    throw ArgumentError("heatmap: the relevance limit must be positive (or 0 for automatic)");
  }
  return given_limit > 0.0f ? given_limit : symmetric_limit(relevance, percentile);
}

// All values of several maps as one flat Tensor, to compute one limit shared by them.
Tensor concatenate_values(const std::vector<const Tensor*>& maps) {
  std::size_t total = 0;
  for (const Tensor* map : maps) total += map->size();
  Tensor values = xt::zeros<float>({total});
  float* next = values.data();
  for (const Tensor* map : maps) next = std::copy(map->data(), map->data() + map->size(), next);
  return values;
}

// Shape of a map as "H×W" for error messages.
std::string shape_text(std::size_t height, std::size_t width) {
  return std::to_string(height) + "×" + std::to_string(width);
}

// The heatmap of one map at `upscale`, with the input's outline when `input` is given.
RgbImage heatmap_cell(const Tensor& relevance, float limit, std::size_t upscale,
                      const Tensor* input, float outline_threshold, Rgb outline_color) {
  RgbImage cell = upscale_nearest(relevance_image(relevance, limit), upscale);
  if (input != nullptr) draw_outline(cell, *input, upscale, outline_threshold, outline_color);
  return cell;
}

// Limits for every map of a grid, rows[r] column c at [r][c], following options.scaling.
std::vector<std::vector<float>> grid_limits(const std::vector<GridRow>& rows,
                                            const GridOptions& options) {
  std::vector<std::vector<float>> limits(rows.size());
  std::vector<const Tensor*> all_maps;
  for (const GridRow& row : rows) {
    for (const Tensor& map : row.relevances) all_maps.push_back(&map);
  }
  const float shared = options.scaling == GridScaling::shared
                           ? symmetric_limit(concatenate_values(all_maps), options.percentile)
                           : 0.0f;
  for (std::size_t row = 0; row < rows.size(); ++row) {
    std::vector<const Tensor*> row_maps;
    for (const Tensor& map : rows[row].relevances) row_maps.push_back(&map);
    const float row_limit = options.scaling == GridScaling::per_row
                                ? symmetric_limit(concatenate_values(row_maps), options.percentile)
                                : 0.0f;
    for (const Tensor& map : rows[row].relevances) {
      switch (options.scaling) {
        case GridScaling::per_map:
          limits[row].push_back(symmetric_limit(map, options.percentile));
          break;
        case GridScaling::per_row:
          limits[row].push_back(row_limit);
          break;
        case GridScaling::shared:
          limits[row].push_back(shared);
          break;
      }
    }
  }
  return limits;
}

// Checks that the grid's inputs and maps all have one H×W shape and that every row has one map
// per input; returns that shape.
std::pair<std::size_t, std::size_t> check_grid(const std::vector<Tensor>& inputs,
                                               const std::vector<GridRow>& rows,
                                               const GridOptions& options) {
  check_upscale(options.upscale);
  if (inputs.empty()) throw ArgumentError("grid: there must be at least one example");
  if (!options.column_labels.empty() && options.column_labels.size() != inputs.size()) {
    throw ArgumentError("grid: " + std::to_string(options.column_labels.size()) +
                        " column labels for " + std::to_string(inputs.size()) + " examples");
  }
  const xt::xtensor<float, 2> first = as_map(inputs[0], "grid input 0");
  const std::size_t height = first.shape(0), width = first.shape(1);
  auto check_shape = [&](const Tensor& map, const std::string& what) {
    const xt::xtensor<float, 2> checked = as_map(map, what);
    if (checked.shape(0) != height || checked.shape(1) != width) {
      throw ArgumentError("grid: " + what + " is " +
                          shape_text(checked.shape(0), checked.shape(1)) + ", expected " +
                          shape_text(height, width) + " like the first input");
    }
  };
  for (std::size_t column = 0; column < inputs.size(); ++column) {
    check_shape(inputs[column], "input " + std::to_string(column));
  }
  for (const GridRow& row : rows) {
    if (row.relevances.size() != inputs.size()) {
      throw ArgumentError("grid: row \"" + row.label + "\" has " +
                          std::to_string(row.relevances.size()) + " maps for " +
                          std::to_string(inputs.size()) + " examples");
    }
    for (std::size_t column = 0; column < inputs.size(); ++column) {
      check_shape(row.relevances[column],
                  "the map of row \"" + row.label + "\", column " + std::to_string(column));
    }
  }
  return {height, width};
}

// A short decimal for the legend, e.g. "0.031" or "1.2e-05".
std::string format_limit(float limit) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.2g", static_cast<double>(limit));
  return text;
}

}  // namespace

void draw_outline(RgbImage& image, const Tensor& input, std::size_t upscale, float threshold,
                  Rgb color) {
  check_upscale(upscale);
  const xt::xtensor<float, 2> map = as_map(input, "input image");
  const std::size_t height = map.shape(0), width = map.shape(1);
  const std::size_t out_height = height * upscale, out_width = width * upscale;
  if (image.shape(0) != out_height || image.shape(1) != out_width) {
    throw ArgumentError("draw_outline: the image is " + shape_text(image.shape(0), image.shape(1)) +
                        ", expected " + shape_text(out_height, out_width) +
                        " (the input times the upscale)");
  }
  // Output pixel centre (i + 0.5) lies at input coordinate (i + 0.5)/f − 0.5, measured between
  // input pixel centres; clamping to the edge pixels extends the border values outwards.
  auto source = [upscale](std::size_t index, std::size_t size, std::size_t& low, std::size_t& high,
                          float& fraction) {
    const float position =
        std::clamp((static_cast<float>(index) + 0.5f) / static_cast<float>(upscale) - 0.5f, 0.0f,
                   static_cast<float>(size - 1));
    low = static_cast<std::size_t>(position);
    high = std::min(low + 1, size - 1);
    fraction = position - static_cast<float>(low);
  };
  std::vector<char> inside(out_height * out_width);
  for (std::size_t row = 0; row < out_height; ++row) {
    std::size_t top, bottom;
    float down;
    source(row, height, top, bottom, down);
    for (std::size_t column = 0; column < out_width; ++column) {
      std::size_t left, right;
      float across;
      source(column, width, left, right, across);
      const float upper = map(top, left) + across * (map(top, right) - map(top, left));
      const float lower = map(bottom, left) + across * (map(bottom, right) - map(bottom, left));
      inside[row * out_width + column] = upper + down * (lower - upper) > threshold;
    }
  }
  // A pixel of the region is on its boundary when one of its 4 neighbours is not in the region;
  // beyond the image counts as outside, so a stroke touching the edge is closed there.
  auto in_region = [&](std::size_t row, std::size_t column) {
    return row < out_height && column < out_width && inside[row * out_width + column];
  };
  for (std::size_t row = 0; row < out_height; ++row) {
    for (std::size_t column = 0; column < out_width; ++column) {
      if (!in_region(row, column)) continue;
      // Unsigned wrap-around makes row − 1 at row 0 a huge index, which in_region rejects.
      if (!in_region(row - 1, column) || !in_region(row + 1, column) ||
          !in_region(row, column - 1) || !in_region(row, column + 1)) {
        set_pixel(image, row, column, color);
      }
    }
  }
}

RgbImage render_heatmap(const Tensor& relevance, const Tensor& input,
                        const HeatmapOptions& options) {
  check_upscale(options.upscale);
  const xt::xtensor<float, 2> relevance_map = as_map(relevance, "relevance");
  const xt::xtensor<float, 2> input_map = as_map(input, "input image");
  if (relevance_map.shape() != input_map.shape()) {
    throw ArgumentError("heatmap: the relevance map is " +
                        shape_text(relevance_map.shape(0), relevance_map.shape(1)) +
                        " but the input is " + shape_text(input_map.shape(0), input_map.shape(1)));
  }
  const float limit = limit_for(relevance, options.relevance_limit, options.percentile);
  const bool outline = options.input_display == InputDisplay::outline;
  RgbImage heatmap = heatmap_cell(relevance, limit, options.upscale, outline ? &input : nullptr,
                                  options.outline_threshold, options.outline_color);
  if (options.input_display != InputDisplay::side_by_side) return heatmap;

  const RgbImage input_panel =
      upscale_nearest(grey_image(input, options.input_style), options.upscale);
  const std::size_t panel_width = heatmap.shape(1);
  RgbImage figure = blank_image(heatmap.shape(0), 2 * panel_width + options.gap);
  paste(figure, input_panel, 0, 0);
  paste(figure, heatmap, 0, panel_width + options.gap);
  return figure;
}

RgbImage render_heatmap(const Tensor& relevance, const HeatmapOptions& options) {
  check_upscale(options.upscale);
  const float limit = limit_for(relevance, options.relevance_limit, options.percentile);
  return heatmap_cell(relevance, limit, options.upscale, nullptr, 0.0f, kBlack);
}

void write_heatmap_png(const std::string& path, const Tensor& relevance, const Tensor& input,
                       const HeatmapOptions& options) {
  write_png(path, render_heatmap(relevance, input, options));
}

std::size_t legend_bar_width(std::size_t body_width, std::size_t words_width) {
  constexpr std::size_t kWidest = 257;
  return std::max(std::min(body_width, kWidest), words_width) | 1;
}

RgbImage color_bar(std::size_t height, std::size_t width) {
  RgbImage bar = blank_image(height, width);
  for (std::size_t column = 0; column < width; ++column) {
    const float t = width == 1
                        ? 0.0f
                        : -1.0f + 2.0f * static_cast<float>(column) / static_cast<float>(width - 1);
    fill_rectangle(bar, 0, column, height, 1, diverging_color(t, 1.0f));
  }
  return bar;
}

namespace {

// The grid of render_grid with its maps' limits given (grid_limits), so that the bands of a
// wrapped grid can share the limits of the whole grid.
RgbImage draw_grid(const std::vector<Tensor>& inputs, const std::vector<GridRow>& rows,
                   const GridOptions& options, const std::vector<std::vector<float>>& limits) {
  const auto [height, width] = check_grid(inputs, rows, options);
  const std::size_t gap = options.gap, scale = options.font_scale;
  const std::size_t cell_height = height * options.upscale, cell_width = width * options.upscale;
  const std::size_t columns = inputs.size(), body_rows = rows.size() + 1;

  std::size_t label_column = 0;
  if (options.show_labels) {
    std::size_t widest = text_width(options.input_label, scale);
    for (const GridRow& row : rows) widest = std::max(widest, text_width(row.label, scale));
    label_column = widest + 2 * gap;
  }
  const std::size_t header = options.column_labels.empty() ? 0 : text_height(scale) + gap;
  const std::size_t body_width = columns * cell_width + (columns - 1) * gap;
  const std::size_t body_height = body_rows * cell_height + (body_rows - 1) * gap;

  // Legend: a colour bar wide enough for its three words; with a shared scale the limit is
  // printed after it.
  const std::size_t legend_words =
      text_width("against", scale) + text_width("0", scale) + text_width("for", scale) + 4 * gap;
  const std::size_t bar_width = legend_bar_width(body_width, legend_words);
  const std::string limit_text = options.scaling == GridScaling::shared && !rows.empty()
                                     ? "limit " + format_limit(limits[0][0])
                                     : "";
  const std::size_t legend_width =
      options.show_legend
          ? bar_width + (limit_text.empty() ? 0 : 2 * gap + text_width(limit_text, scale))
          : 0;
  const std::size_t legend_height = options.show_legend ? 3 * gap + 2 * text_height(scale) : 0;

  RgbImage figure =
      blank_image(2 * options.margin + header + body_height + legend_height,
                  2 * options.margin + label_column + std::max(body_width, legend_width));
  const std::size_t body_top = options.margin + header;
  const std::size_t body_left = options.margin + label_column;
  const bool frames = gap >= 2 && options.margin >= 1;
  auto cell_left = [&](std::size_t column) { return body_left + column * (cell_width + gap); };
  auto cell_top = [&](std::size_t row) { return body_top + row * (cell_height + gap); };
  auto place = [&](const RgbImage& cell, std::size_t row, std::size_t column) {
    if (frames)
      draw_frame(figure, cell_top(row), cell_left(column), cell_height, cell_width, kFrameColor);
    paste(figure, cell, cell_top(row), cell_left(column));
  };
  auto label_row = [&](const std::string& label, std::size_t row) {
    if (!options.show_labels) return;
    draw_text(figure, cell_top(row) + (cell_height - std::min(cell_height, text_height(scale))) / 2,
              options.margin, label, kBlack, scale);
  };

  for (std::size_t column = 0; column < columns; ++column) {
    if (!options.column_labels.empty()) {
      const std::string& label = options.column_labels[column];
      const std::size_t label_width = text_width(label, scale);
      const std::size_t centre = cell_left(column) + cell_width / 2;
      // A label wider than everything to its left starts at the margin instead.
      const std::size_t left =
          centre > options.margin + label_width / 2 ? centre - label_width / 2 : options.margin;
      draw_text(figure, options.margin, left, label, kBlack, scale);
    }
    place(upscale_nearest(grey_image(inputs[column], options.input_style), options.upscale), 0,
          column);
  }
  label_row(options.input_label, 0);

  for (std::size_t row = 0; row < rows.size(); ++row) {
    for (std::size_t column = 0; column < columns; ++column) {
      place(heatmap_cell(rows[row].relevances[column], limits[row][column], options.upscale,
                         options.outline_inputs ? &inputs[column] : nullptr,
                         options.outline_threshold, kBlack),
            row + 1, column);
    }
    label_row(rows[row].label, row + 1);
  }

  if (options.show_legend) {
    const std::size_t bar_top = body_top + body_height + 2 * gap;
    const std::size_t bar_height = text_height(scale);
    paste(figure, color_bar(bar_height, bar_width), bar_top, body_left);
    if (frames) draw_frame(figure, bar_top, body_left, bar_height, bar_width, kFrameColor);
    const std::size_t words_top = bar_top + bar_height + gap;
    draw_text(figure, words_top, body_left, "against", kBlack, scale);
    draw_text(figure, words_top, body_left + bar_width / 2 - text_width("0", scale) / 2, "0",
              kBlack, scale);
    draw_text(figure, words_top, body_left + bar_width - text_width("for", scale), "for", kBlack,
              scale);
    if (!limit_text.empty()) {
      draw_text(figure, bar_top, body_left + bar_width + 2 * gap, limit_text, kBlack, scale);
    }
  }
  return figure;
}

// A grid whose examples are wrapped into bands of options.columns_per_band columns (the last one
// may have fewer), each band drawn as a grid of its own, the legend under the last.
class BandedGrid {
 public:
  BandedGrid(const std::vector<Tensor>& inputs, const std::vector<GridRow>& rows,
             const GridOptions& options)
      : inputs_(inputs), rows_(rows), options_(options), limits_(grid_limits(rows, options)) {
    check_grid(inputs, rows, options);
  }

  std::size_t count() const {
    const std::size_t per_band = options_.columns_per_band;
    return (inputs_.size() + per_band - 1) / per_band;
  }

  RgbImage draw(std::size_t band) const {
    const std::size_t first = band * options_.columns_per_band;
    const std::size_t last = std::min(first + options_.columns_per_band, inputs_.size());
    GridOptions options = options_;
    options.columns_per_band = 0;
    options.show_legend = options_.show_legend && band + 1 == count();
    options.column_labels.clear();
    std::vector<Tensor> inputs(inputs_.begin() + first, inputs_.begin() + last);
    std::vector<GridRow> rows;
    std::vector<std::vector<float>> limits;
    for (std::size_t row = 0; row < rows_.size(); ++row) {
      const auto& maps = rows_[row].relevances;
      rows.push_back({rows_[row].label, {maps.begin() + first, maps.begin() + last}});
      limits.emplace_back(limits_[row].begin() + first, limits_[row].begin() + last);
    }
    if (!options_.column_labels.empty()) {
      options.column_labels.assign(options_.column_labels.begin() + first,
                                   options_.column_labels.begin() + last);
    }
    return draw_grid(inputs, rows, options, limits);
  }

 private:
  const std::vector<Tensor>& inputs_;
  const std::vector<GridRow>& rows_;
  const GridOptions& options_;
  std::vector<std::vector<float>> limits_;
};

// `image` widened to `width` pixels with white on the right.
RgbImage widened(const RgbImage& image, std::size_t width) {
  if (width <= image.shape(1)) return image;
  RgbImage wide = blank_image(image.shape(0), width);
  paste(wide, image, 0, 0);
  return wide;
}

bool wrapped(const std::vector<Tensor>& inputs, const GridOptions& options) {
  return options.columns_per_band > 0 && inputs.size() > options.columns_per_band;
}

}  // namespace

RgbImage render_grid(const std::vector<Tensor>& inputs, const std::vector<GridRow>& rows,
                     const GridOptions& options) {
  if (!wrapped(inputs, options)) {
    return draw_grid(inputs, rows, options, grid_limits(rows, options));
  }
  const BandedGrid grid(inputs, rows, options);
  std::vector<RgbImage> bands;
  for (std::size_t band = 0; band < grid.count(); ++band) bands.push_back(grid.draw(band));
  return stack_vertically(bands);
}

void write_grid_png(const std::string& path, const std::vector<Tensor>& inputs,
                    const std::vector<GridRow>& rows, const GridOptions& options) {
  if (!wrapped(inputs, options)) {
    write_png(path, render_grid(inputs, rows, options));
    return;
  }
  // One band at a time, so that a grid of thousands of examples needs the memory of a band, not
  // of the figure (105 MB for 1,000 MNIST heatmaps in one row). The PNG header states the
  // figure's size, so the first and the last band are drawn first: every band but the last is
  // as tall as the first (the same rows and labels), and the last may be wider (its legend).
  const BandedGrid grid(inputs, rows, options);
  const std::size_t bands = grid.count();
  const RgbImage first = grid.draw(0), last = grid.draw(bands - 1);
  const std::size_t width = std::max(first.shape(1), last.shape(1));
  BandedPngEncoder png(first.shape(0) * (bands - 1) + last.shape(0), width);
  png.add(widened(first, width));
  for (std::size_t band = 1; band + 1 < bands; ++band) png.add(widened(grid.draw(band), width));
  png.add(widened(last, width));
  atomic_write(path, png.finish());
}

}  // namespace glassbox::render
