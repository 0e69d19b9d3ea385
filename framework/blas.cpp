#include "framework/blas.hpp"

#include <cblas.h>
#include <malloc.h>
#include <omp.h>

#include <algorithm>

extern "C" void openblas_set_num_threads(int threads);

namespace glassbox {
namespace {

// Below this many floating-point operations a product is not worth splitting: the threads' start
// and join would cost more than they save (measured on the MLP's batch-64 layers).
constexpr double minimum_flops_to_split = 4e6;

// Set once as the program starts, before any thread of ours exists. Setting it lazily on the first
// product went wrong whenever that product ran inside a parallel region: OpenBLAS then still used
// its own threads there, and the two thread pools spun against each other (5× slower epochs).
const bool blas_single_threaded = [] {
  openblas_set_num_threads(1);
  return true;
}();

// Also once at the start, for every program that multiplies matrices: glibc's malloc keeps freed
// memory for reuse instead of handing it back to the kernel. Each batch allocates its activations
// and relevance maps afresh (several MB per layer for the CNN), and by default glibc returned them
// on free, so the next batch paid a page fault for every 4 KB it touched again: 29% of the time of
// LRP on the CNN (docs/performance.md, "LRP against Zennit"). Blocks up to 32 MB (glibc's upper
// limit for this setting) now come from the heap, and up to 256 MB of free heap is kept; peak
// memory does not grow, since what is kept is what the next batch takes again.
const bool freed_memory_kept = [] {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  return true;
}();

// Rows [first, last) of c = alpha · op(a) · op(b) + beta · c, on the calling thread.
void gemm_rows(bool transpose_a, bool transpose_b, std::size_t first, std::size_t last,
               std::size_t m, std::size_t n, std::size_t k, float alpha, const float* a,
               const float* b, float beta, float* c) {
  // Row r of op(a) starts at a + r·k when a is m×k, and at column r (a + r) when a is k×m.
  const float* a_rows = transpose_a ? a + first : a + first * k;
  const int lda = static_cast<int>(transpose_a ? m : k);
  const int ldb = static_cast<int>(transpose_b ? k : n);
  cblas_sgemm(CblasRowMajor, transpose_a ? CblasTrans : CblasNoTrans,
              transpose_b ? CblasTrans : CblasNoTrans, static_cast<int>(last - first),
              static_cast<int>(n), static_cast<int>(k), alpha, a_rows, lda, b, ldb, beta,
              c + first * n, static_cast<int>(n));
}

}  // namespace

int thread_count() {
  return omp_get_max_threads();
}

void gemm(bool transpose_a, bool transpose_b, std::size_t m, std::size_t n, std::size_t k,
          float alpha, const float* a, const float* b, float beta, float* c) {
  const double flops = 2.0 * static_cast<double>(m) * n * k;
  const int bands = omp_in_parallel() || flops < minimum_flops_to_split
                        ? 1
                        : std::min<int>(thread_count(), static_cast<int>(m));
  if (bands <= 1) {
    gemm_rows(transpose_a, transpose_b, 0, m, m, n, k, alpha, a, b, beta, c);
    return;
  }
#pragma omp parallel for num_threads(bands) schedule(static)
  for (int band = 0; band < bands; ++band) {
    const std::size_t first = m * band / bands, last = m * (band + 1) / bands;
    gemm_rows(transpose_a, transpose_b, first, last, m, n, k, alpha, a, b, beta, c);
  }
}

}  // namespace glassbox
