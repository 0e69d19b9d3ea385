// The two figures of tutorial 18, drawn from the render library's pieces (explain/render/):
//
//   channel × time maps   rows of C×T maps (a recording, then each method's relevance), each map
//                         stretched to a wider-than-square cell, with the planted region outlined
//   scalp                 a schematic head seen from above (nose at the top) with the C electrodes
//                         on a circle, each filled with its channel's relevance; the planted
//                         channels get a thick ring
//
// Shapes: maps C×T (channels × time steps); masks C×T of 0/1; per-channel values C.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "explain/render/colormap.hpp"
#include "explain/render/font.hpp"
#include "explain/render/image.hpp"

namespace glassbox::tutorials {

// Each pixel of `image` becomes a rows×columns block (nearest neighbour).
inline render::RgbImage stretch(const render::RgbImage& image, std::size_t rows,
                                std::size_t columns) {
  const std::size_t height = image.shape(0), width = image.shape(1);
  render::RgbImage out = render::blank_image(height * rows, width * columns);
  for (std::size_t y = 0; y < height; ++y) {
    for (std::size_t x = 0; x < width; ++x) {
      render::fill_rectangle(out, y * rows, x * columns, rows, columns,
                             render::pixel_at(image, y, x));
    }
  }
  return out;
}

// Draws the border of {mask = 1} on a map drawn with rows×columns pixels per cell: every side of a
// mask cell whose neighbour lies outside the mask.
inline void outline_mask(render::RgbImage& image, const xt::xtensor<float, 2>& mask,
                         std::size_t rows, std::size_t columns, render::Rgb color) {
  const std::size_t height = mask.shape(0), width = mask.shape(1);
  auto inside = [&](std::ptrdiff_t c, std::ptrdiff_t t) {
    return c >= 0 && t >= 0 && c < static_cast<std::ptrdiff_t>(height) &&
           t < static_cast<std::ptrdiff_t>(width) &&
           mask(static_cast<std::size_t>(c), static_cast<std::size_t>(t)) > 0.5f;
  };
  for (std::size_t c = 0; c < height; ++c) {
    for (std::size_t t = 0; t < width; ++t) {
      if (!inside(static_cast<std::ptrdiff_t>(c), static_cast<std::ptrdiff_t>(t))) continue;
      const auto ci = static_cast<std::ptrdiff_t>(c), ti = static_cast<std::ptrdiff_t>(t);
      const std::size_t top = c * rows, left = t * columns;
      if (!inside(ci - 1, ti)) render::fill_rectangle(image, top, left, 1, columns, color);
      if (!inside(ci + 1, ti))
        render::fill_rectangle(image, top + rows - 1, left, 1, columns, color);
      if (!inside(ci, ti - 1)) render::fill_rectangle(image, top, left, rows, 1, color);
      if (!inside(ci, ti + 1))
        render::fill_rectangle(image, top, left + columns - 1, rows, 1, color);
    }
  }
}

// One cell of the channel × time figure: a picture already drawn at one pixel per cell, and the
// mask to outline on it (empty: none).
struct MapCell {
  render::RgbImage picture;    // C×T×3
  xt::xtensor<float, 2> mask;  // C×T, or size 0
};

// Rows of cells under column titles, each row labelled on its left; cells stretched rows×columns.
inline render::RgbImage map_table(const std::vector<std::string>& column_titles,
                                  const std::vector<std::string>& row_labels,
                                  const std::vector<std::vector<MapCell>>& cells, std::size_t rows,
                                  std::size_t columns) {
  const std::size_t font = 2, gap = 10, margin = 10, line = render::text_height(font);
  const std::size_t cell_height = cells[0][0].picture.shape(0) * rows;
  const std::size_t cell_width = cells[0][0].picture.shape(1) * columns;
  std::size_t label_width = 0;
  for (const std::string& label : row_labels) {
    label_width = std::max(label_width, render::text_width(label, font));
  }
  label_width += gap;
  const std::size_t count = column_titles.size();
  const std::size_t width = 2 * margin + label_width + count * cell_width + (count - 1) * gap;
  const std::size_t height =
      2 * margin + line + gap + cells.size() * cell_height + (cells.size() - 1) * gap;
  render::RgbImage image = render::blank_image(height, width);
  for (std::size_t j = 0; j < count; ++j) {
    const std::size_t left = margin + label_width + j * (cell_width + gap);
    const std::size_t title = render::text_width(column_titles[j], font);
    render::draw_text(image, margin, left + (cell_width - std::min(cell_width, title)) / 2,
                      column_titles[j], render::kBlack, font);
  }
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::size_t top = margin + line + gap + i * (cell_height + gap);
    render::draw_text(image, top + (cell_height - line) / 2, margin, row_labels[i], render::kBlack,
                      font);
    for (std::size_t j = 0; j < cells[i].size(); ++j) {
      const std::size_t left = margin + label_width + j * (cell_width + gap);
      render::RgbImage cell = stretch(cells[i][j].picture, rows, columns);
      if (cells[i][j].mask.size() > 0) {
        outline_mask(cell, cells[i][j].mask, rows, columns, render::kBlack);
      }
      render::paste(image, cell, top, left);
      render::draw_frame(image, top, left, cell_height, cell_width, render::kFrameColor);
    }
  }
  return image;
}

// Electrode c of C on the schematic head: on a circle of radius 0.75 (head radius 1), channel 0
// at the nose and the numbers running anticlockwise, so that a quarter turn (C/4) is the left ear.
// Returns (x, y) with x to the right and y downwards, in head radii from the centre.
inline std::pair<double, double> electrode_position(std::size_t c, std::size_t channels) {
  const double angle =
      2.0 * 3.14159265358979323846 * static_cast<double>(c) / static_cast<double>(channels);
  return {-0.75 * std::sin(angle), -0.75 * std::cos(angle)};
}

// The head seen from above, `size` pixels square, under `title`: outline, nose and ears in grey,
// each electrode a disc coloured diverging_color(values[c], limit) with a black ring (thick for
// the channels in `marked`).
inline render::RgbImage scalp_image(const std::vector<double>& values, float limit,
                                    const std::vector<std::size_t>& marked,
                                    const std::string& title, std::size_t size = 220) {
  const std::size_t font = 2, line = render::text_height(font) + 8;
  render::RgbImage image = render::blank_image(size + line, size);
  const std::size_t title_width = render::text_width(title, font);
  render::draw_text(image, 0, (size - std::min(size, title_width)) / 2, title, render::kBlack,
                    font);
  const double centre = static_cast<double>(size) / 2.0, radius = 0.42 * static_cast<double>(size);
  const render::Rgb grey{120, 120, 120};
  // Pixel-by-pixel is fine here: a figure of ~50,000 pixels, drawn once.
  for (std::size_t y = 0; y < size; ++y) {
    for (std::size_t x = 0; x < size; ++x) {
      const double dx = (static_cast<double>(x) + 0.5 - centre) / radius;
      const double dy = (static_cast<double>(y) + 0.5 - centre) / radius;
      const double r = std::hypot(dx, dy), pixel = 1.0 / radius;
      const bool head = std::abs(r - 1.0) < 1.2 * pixel;
      // The nose: two lines from the head's outline up to a tip at 1.15 radii.
      const bool nose = dy < -0.9 && dy > -1.15 &&
                        std::abs(std::abs(dx) - 0.12 * (1.15 + dy) / 0.25) < 1.2 * pixel;
      // The ears: half ellipses outside the outline at the sides.
      const double ear = std::hypot((std::abs(dx) - 1.0) / 0.08, dy / 0.2);
      const bool ears = std::abs(dx) > 1.0 && std::abs(ear - 1.0) * 0.08 < 1.2 * pixel;
      if (head || nose || ears) render::set_pixel(image, y + line, x, grey);
    }
  }
  const std::size_t channels = values.size();
  const double disc = 0.13 * radius;
  for (std::size_t c = 0; c < channels; ++c) {
    const auto [ex, ey] = electrode_position(c, channels);
    const double cx = centre + ex * radius, cy = centre + ey * radius;
    const bool thick = std::find(marked.begin(), marked.end(), c) != marked.end();
    const double ring = thick ? 3.0 : 1.0;
    const render::Rgb fill = render::diverging_color(static_cast<float>(values[c]), limit);
    for (auto y = static_cast<std::ptrdiff_t>(cy - disc - 2); y <= cy + disc + 2; ++y) {
      for (auto x = static_cast<std::ptrdiff_t>(cx - disc - 2); x <= cx + disc + 2; ++x) {
        const double d =
            std::hypot(static_cast<double>(x) + 0.5 - cx, static_cast<double>(y) + 0.5 - cy);
        if (d > disc || x < 0 || y < 0) continue;
        render::set_pixel(image, static_cast<std::size_t>(y) + line, static_cast<std::size_t>(x),
                          d > disc - ring ? render::kBlack : fill);
      }
    }
  }
  return image;
}

// The pictures one under another, left-aligned, `gap` white pixels apart.
inline render::RgbImage stack_vertically(const std::vector<render::RgbImage>& pictures,
                                         std::size_t gap = 16) {
  std::size_t height = 0, width = 0;
  for (const render::RgbImage& picture : pictures) {
    height += picture.shape(0) + gap;
    width = std::max(width, picture.shape(1));
  }
  render::RgbImage image = render::blank_image(height - gap, width);
  std::size_t top = 0;
  for (const render::RgbImage& picture : pictures) {
    render::paste(image, picture, top, 0);
    top += picture.shape(0) + gap;
  }
  return image;
}

// `picture` under a one-line `heading`.
inline render::RgbImage headed(const std::string& heading, const render::RgbImage& picture) {
  const std::size_t font = 2, line = render::text_height(font) + 8;
  render::RgbImage image = render::blank_image(
      picture.shape(0) + line, std::max(picture.shape(1), render::text_width(heading, font)));
  render::draw_text(image, 0, 0, heading, render::kBlack, font);
  render::paste(image, picture, line, 0);
  return image;
}

}  // namespace glassbox::tutorials
