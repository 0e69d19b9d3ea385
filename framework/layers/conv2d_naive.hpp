// The 2-D convolution of conv2d.hpp written straight from its definition: loops over every
// image, filter, output pixel, channel and kernel tap, summing in double. No im2col, no BLAS, no
// threads. conv2d.hpp's functions (im2col + GEMM) are the fast versions of these three; the tests
// compare them (tests/test_conv2d.cpp), and this file is the one to read first.
//
//   forward   y[n][f][oy][ox] = b[f] + Σ_{c,i,j} W[f][c][i][j] · x[n][c][iy][ix]
//   input     dx[n][c][iy][ix] = Σ W[f][c][i][j] · dy[n][f][oy][ox]  over the (f, oy, ox, i, j)
//             whose tap reads (iy, ix)
//   weights   dW[f][c][i][j] += Σ_{n,oy,ox} dy[n][f][oy][ox] · x[n][c][iy][ix]
//             db[f] += Σ_{n,oy,ox} dy[n][f][oy][ox]
//
// where tap (i, j) of output (oy, ox) reads input pixel (iy, ix) = (oy·s − p + i, ox·s − p + j),
// and nothing when that falls into the zero padding.
//
// Shapes: x N×C×H×W, W F×C×kh×kw, b F, y and dy N×F×OH×OW, as in conv2d.hpp; the geometry is
// conv2d_geometry(x, W, s, p). Slow, and single-threaded: a reference, not for training.
#pragma once

#include "framework/layers/im2col.hpp"  // WindowGeometry
#include "framework/tensor.hpp"

namespace glassbox {

// y = x ⊛ W + b  (N×C×H×W, F×C×kh×kw, F → N×F×OH×OW); y is overwritten.
void conv2d_forward_naive(const Tensor& x, const Tensor& weight, const Tensor& bias,
                          const WindowGeometry& geometry, Tensor& y);

// dx = dL/dx for dy = dL/dy  (N×F×OH×OW, F×C×kh×kw → N×C×H×W); dx is overwritten.
void conv2d_backward_input_naive(const Tensor& dy, const Tensor& weight,
                                 const WindowGeometry& geometry, Tensor& dx);

// dW += dL/dW, db += dL/db for the batch x and its dy; accumulates, like conv2d.hpp's version.
void conv2d_backward_parameters_naive(const Tensor& x, const Tensor& dy,
                                      const WindowGeometry& geometry, Tensor& weight_gradient,
                                      Tensor& bias_gradient);

}  // namespace glassbox
