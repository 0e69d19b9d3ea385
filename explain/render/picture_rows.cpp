#include "explain/render/picture_rows.hpp"

#include <algorithm>

#include "explain/render/png.hpp"
#include "framework/errors.hpp"

namespace glassbox::render {

RgbImage render_picture_rows(const std::vector<PictureRow>& rows, const GridOptions& options) {
  if (rows.empty()) throw ArgumentError("picture rows: there must be at least one row");
  std::size_t longest_label = 0;
  for (const PictureRow& row : rows) {
    longest_label = std::max(longest_label, row.label.size());
    if (row.pictures.size() != rows[0].pictures.size()) {
      throw ArgumentError("picture rows: row \"" + row.label + "\" has " +
                          std::to_string(row.pictures.size()) + " pictures, the first row " +
                          std::to_string(rows[0].pictures.size()));
    }
  }
  std::vector<RgbImage> drawn;
  for (const PictureRow& row : rows) {
    GridOptions row_options = options;
    row_options.show_legend = false;
    row_options.input_label = row.label + std::string(longest_label - row.label.size(), ' ');
    row_options.column_labels = row.captions;
    drawn.push_back(render_grid(row.pictures, {}, row_options));
  }
  return stack_vertically(drawn);
}

void write_picture_rows_png(const std::string& path, const std::vector<PictureRow>& rows,
                            const GridOptions& options) {
  write_png(path, render_picture_rows(rows, options));
}

}  // namespace glassbox::render
