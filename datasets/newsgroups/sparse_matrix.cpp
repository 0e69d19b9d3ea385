#include "datasets/newsgroups/sparse_matrix.hpp"

#include <algorithm>
#include <string>

#include "framework/errors.hpp"

namespace glassbox {

namespace {

// Writes row `row` of `matrix` into `destination`, which holds C zeros.
void scatter_row(const SparseMatrix& matrix, std::size_t row, float* destination) {
  for (std::size_t entry = matrix.row_offsets[row]; entry < matrix.row_offsets[row + 1]; ++entry) {
    destination[matrix.column_indices[entry]] = matrix.values[entry];
  }
}

std::string shape_text(const SparseMatrix& matrix) {
  return std::to_string(matrix.rows) + "x" + std::to_string(matrix.columns);
}

}  // namespace

float SparseMatrix::at(std::size_t row, std::size_t column) const {
  if (row >= rows || column >= columns) {
    throw ArgumentError("entry (" + std::to_string(row) + ", " + std::to_string(column) +
                        ") is outside a " + shape_text(*this) + " matrix");
  }
  const auto begin = column_indices.begin() + static_cast<std::ptrdiff_t>(row_offsets[row]);
  const auto end = column_indices.begin() + static_cast<std::ptrdiff_t>(row_offsets[row + 1]);
  const auto found = std::lower_bound(begin, end, static_cast<std::uint32_t>(column));
  if (found == end || *found != column) return 0.0f;
  return values[static_cast<std::size_t>(found - column_indices.begin())];
}

Tensor SparseMatrix::densify_rows(std::size_t begin, std::size_t end) const {
  if (begin > end || end > rows) {
    throw ArgumentError("cannot densify rows [" + std::to_string(begin) + ", " +
                        std::to_string(end) + ") of a " + shape_text(*this) + " matrix");
  }
  Tensor dense = Tensor::from_shape({end - begin, columns});
  std::fill(dense.begin(), dense.end(), 0.0f);
  for (std::size_t row = begin; row < end; ++row) {
    scatter_row(*this, row, dense.data() + (row - begin) * columns);
  }
  return dense;
}

Tensor SparseMatrix::gather_rows(const std::vector<std::size_t>& row_list) const {
  Tensor dense = Tensor::from_shape({row_list.size(), columns});
  std::fill(dense.begin(), dense.end(), 0.0f);
  for (std::size_t position = 0; position < row_list.size(); ++position) {
    if (row_list[position] >= rows) {
      throw ArgumentError("row " + std::to_string(row_list[position]) + " is outside a " +
                          shape_text(*this) + " matrix");
    }
    scatter_row(*this, row_list[position], dense.data() + position * columns);
  }
  return dense;
}

void SparseMatrix::check() const {
  const std::string matrix = "sparse " + shape_text(*this) + " matrix: ";
  if (row_offsets.size() != rows + 1) {
    throw ArgumentError(matrix + std::to_string(row_offsets.size()) + " row offsets, expected " +
                        std::to_string(rows + 1));
  }
  if (column_indices.size() != values.size()) {
    throw ArgumentError(matrix + std::to_string(column_indices.size()) + " column indices but " +
                        std::to_string(values.size()) + " values");
  }
  if (row_offsets.front() != 0 || row_offsets.back() != values.size()) {
    throw ArgumentError(matrix + "row offsets must run from 0 to the " +
                        std::to_string(values.size()) + " stored entries");
  }
  for (std::size_t row = 0; row < rows; ++row) {
    if (row_offsets[row] > row_offsets[row + 1]) {
      throw ArgumentError(matrix + "row offsets decrease at row " + std::to_string(row));
    }
    for (std::size_t entry = row_offsets[row]; entry < row_offsets[row + 1]; ++entry) {
      if (column_indices[entry] >= columns) {
        throw ArgumentError(matrix + "column " + std::to_string(column_indices[entry]) +
                            " out of range in row " + std::to_string(row));
      }
      if (entry > row_offsets[row] && column_indices[entry] <= column_indices[entry - 1]) {
        throw ArgumentError(matrix + "columns not strictly ascending in row " +
                            std::to_string(row));
      }
    }
  }
}

}  // namespace glassbox
