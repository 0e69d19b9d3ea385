// Raw relevance as NumPy .npy files, so explanations can be analysed outside glassbox
// (`numpy.load("relevance.npy")`).
//
// Format (NPY version 1.0, written by xtensor's xt::dump_npy):
//   bytes 0-5   "\x93NUMPY"
//   bytes 6-7   version 1, 0
//   bytes 8-9   header length L, little-endian uint16
//   then        L bytes of ASCII: {'descr': '<f4', 'fortran_order': False, 'shape': (H, W), }
//               padded with spaces and ended by '\n' so that the data starts at a multiple of 64
//   then        the float32 values, row-major (C order)
// '<f4' is little-endian float32; xtensor writes the machine's own byte order and names it in
// 'descr' ('>f4' on a big-endian machine), so numpy reads the file correctly either way. The shape
// is the Tensor's own shape (e.g. H×W, or N×C×H×W for a batch).
#pragma once

#include <string>

#include "framework/tensor.hpp"

namespace glassbox::render {

// The .npy file of `values`, as bytes.
std::string encode_npy(const Tensor& values);

// Writes `values` to `path` as a .npy file, atomically (FileError when it cannot be written).
void write_npy(const std::string& path, const Tensor& values);

}  // namespace glassbox::render
