// Figures made of rows of grey pictures, each row with a label on its left and a caption over
// every picture: prototypes (one row per method or per random start, one column per class), or
// any other set of images that are not heatmaps.
//
// Each row is drawn by render_grid (heatmap.hpp) as its input row alone, without a legend, and the
// rows are stacked top to bottom. Row labels are padded to one length, so the columns of every
// row line up.
//
// Shapes: every picture is H×W (or 1×…×1×H×W) with intensities in [0, 1]; all rows have the same
// number of pictures. ArgumentError otherwise.
#pragma once

#include <string>
#include <vector>

#include "explain/render/heatmap.hpp"

namespace glassbox::render {

struct PictureRow {
  std::string label;                  // drawn left of the row, e.g. "simple"
  std::vector<Tensor> pictures;       // C pictures
  std::vector<std::string> captions;  // empty, or one per picture, e.g. "3 0.998"
};

// The rows stacked; options.upscale, gap, margin, font_scale and input_style apply to every row
// (show_legend, column_labels and input_label are set per row).
RgbImage render_picture_rows(const std::vector<PictureRow>& rows, const GridOptions& options = {});

// render_picture_rows written as a PNG, atomically.
void write_picture_rows_png(const std::string& path, const std::vector<PictureRow>& rows,
                            const GridOptions& options = {});

}  // namespace glassbox::render
