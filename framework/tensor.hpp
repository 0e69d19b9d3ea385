// Tensor aliases used across glassbox.
//
// Shapes are batch-major: N samples first. Images are N×C×H×W, feature vectors N×D, logits N×K.
//
// Layers hand each other `Tensor` (dynamic rank) because a Sequential model passes N×C×H×W images
// into N×D feature batches and a single interface must carry both. Everything that has a fixed rank
// (parameters seen by a specific layer, dataset images, labels) uses the fixed-rank aliases, whose
// shapes live on the stack. Hot loops never index element by element: they go through BLAS on
// `.data()` or through whole-array xtensor expressions assigned with `xt::noalias`.
#pragma once

#include <cstddef>
#include <vector>

#include <xtensor/xarray.hpp>
#include <xtensor/xtensor.hpp>

namespace glassbox {

using Tensor = xt::xarray<float>;        // any rank, row-major; the layer-to-layer currency
using Vector = xt::xtensor<float, 1>;    // D
using Matrix = xt::xtensor<float, 2>;    // N×D
using Images = xt::xtensor<float, 4>;    // N×C×H×W
using Labels = std::vector<int>;         // N class indices in [0, K)
using Shape = std::vector<std::size_t>;  // a tensor's shape, batch axis included where it says so

}  // namespace glassbox
