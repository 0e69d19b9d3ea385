// The regions of an input that pixel flipping destroys and occlusion covers: square patches of an
// image, over all its channels, or single features of a flat input, and their replacement.
//
// Shapes: one sample C×H×W (patches) or anything else (features); offsets are flat indices within
// one sample.
#pragma once

#include <string>
#include <vector>

#include "framework/tensor.hpp"

namespace glassbox::explain {

// regions[r] lists the flat offsets (within one sample) that region r covers: for a C×H×W sample
// the patch×patch squares whose top-left corners lie `stride` apart (row by row), for any other
// shape one region per feature. Throws ArgumentError, starting with `who`, when the patches do not
// cover the image exactly (patch or stride 0, or (H − patch) or (W − patch) not a multiple of the
// stride).
std::vector<std::vector<std::size_t>> input_regions(const Shape& sample, std::size_t patch,
                                                    std::size_t stride, const std::string& who);

// sample[o] = replacement[o] for every offset o of `region` (both point at one sample).
inline void replace_region(float* sample, const std::vector<std::size_t>& region,
                           const float* replacement) {
  for (const std::size_t offset : region) sample[offset] = replacement[offset];
}

}  // namespace glassbox::explain
