// A sparse matrix in compressed sparse row (CSR) form: R×C floats of which only the stored entries
// may be nonzero. Text features need it: 11,314 documents × 30,000 words dense is 1.36 GB of
// floats, while a document uses a few hundred words, so the tf-idf matrix stores about 1% of them.
//
// Layout (S = number of stored entries):
//   row_offsets     R + 1 offsets, row_offsets[0] = 0, non-decreasing, row_offsets[R] = S;
//                   row r is stored in entries [row_offsets[r], row_offsets[r + 1])
//   column_indices  S columns, each < C, strictly ascending within a row
//   values          S floats
// Training batches are dense: densify_rows() or gather_rows() make an N_batch×C Tensor.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "framework/tensor.hpp"

namespace glassbox {

struct SparseMatrix {
  std::size_t rows = 0;     // R
  std::size_t columns = 0;  // C
  std::vector<std::size_t> row_offsets{0};
  std::vector<std::uint32_t> column_indices;
  std::vector<float> values;

  std::size_t stored() const { return values.size(); }  // S

  // The entry at (row, column): the stored value, or 0. ArgumentError when out of range.
  float at(std::size_t row, std::size_t column) const;

  // Rows [begin, end) as a dense (end - begin)×C tensor. ArgumentError unless begin <= end <= R.
  Tensor densify_rows(std::size_t begin, std::size_t end) const;

  // The listed rows, in the listed order, as a dense N_batch×C tensor (shuffled mini-batches).
  Tensor gather_rows(const std::vector<std::size_t>& row_list) const;

  // All of it, R×C.
  Tensor densify() const { return densify_rows(0, rows); }

  // ArgumentError naming the first broken invariant of the layout above.
  void check() const;
};

}  // namespace glassbox
