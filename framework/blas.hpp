// Single-precision matrix products through the linked BLAS (OpenBLAS; see docs/performance.md).
//
// All matrices are dense and row-major. With `transpose_a`, `a` is stored k×m and used as its
// transpose; with `transpose_b`, `b` is stored n×k. Shapes of the product: (m×k)·(k×n) = m×n.
//
// Threads: glassbox parallelises with OpenMP (OMP_NUM_THREADS, default: every core) and keeps the
// BLAS itself single-threaded. A large product is split into bands of rows of c, one per thread;
// inside an OpenMP parallel region (a convolution working on several images at once) each call
// runs on its calling thread. Mixing BLAS threads with our own makes them fight for the cores.
#pragma once

#include <cstddef>

namespace glassbox {

// c = alpha · op(a) · op(b) + beta · c
void gemm(bool transpose_a, bool transpose_b, std::size_t m, std::size_t n, std::size_t k,
          float alpha, const float* a, const float* b, float beta, float* c);

// The number of threads glassbox's parallel loops use.
int thread_count();

}  // namespace glassbox
