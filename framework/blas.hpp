// Single-precision matrix products through the linked BLAS (OpenBLAS or BLIS, see docs/performance.md).
//
// All matrices are dense and row-major. With `transpose_a`, `a` is stored k×m and used as its
// transpose; with `transpose_b`, `b` is stored n×k. Shapes of the product: (m×k)·(k×n) = m×n.
#pragma once

#include <cstddef>

namespace glassbox {

// c = alpha · op(a) · op(b) + beta · c
void gemm(bool transpose_a, bool transpose_b, std::size_t m, std::size_t n, std::size_t k,
          float alpha, const float* a, const float* b, float beta, float* c);

}  // namespace glassbox
