// A Clever Hans built on purpose: images that carry a small square "mark" whose position tells
// the class, as the copyright tag in some horse photographs told a classifier "horse"
// (tutorials/11_clever_hans_images).
//
// Shapes: inputs N×1×H×W (MNIST: 28×28) in the loader's scaling; labels N in [0, K).
//
// The mark of class c is an s×s square of value v (default 3×3 of full ink, 1.0) on the image's
// border, where MNIST digits almost never reach. The K positions are split between the top and
// the bottom edge, ⌈K/2⌉ per edge, one pixel in from the edge and `spacing` = (W − 2) / ⌈K/2⌉
// columns apart:
//
//   row    = 1             for c < ⌈K/2⌉,   H − 1 − s otherwise
//   column = 1 + (c mod ⌈K/2⌉) · spacing
//
// For MNIST (K = 10, s = 3): columns 1, 6, 11, 16, 21 on rows 1 and 24.
//
// Which samples get a mark: a seeded random `share` of them (Subset::random_sample, so the same
// seed marks the same samples everywhere). A marked sample n gets the mark of class
// (label_n + shift) mod K: shift 0 is the honest artifact the model can learn, shift 1 a
// misleading one that tests whether the model follows the mark or the digit.
#pragma once

#include <cstdint>
#include <vector>

#include "framework/dataset.hpp"

namespace glassbox {

struct MarkOptions {
  std::size_t size = 3;    // s: the mark is s×s pixels
  float value = 1.0f;      // v: its pixel value (full ink in the unit scaling)
  double share = 1.0;      // fraction of the samples that get a mark, in [0, 1]
  std::uint64_t seed = 0;  // which samples, when share < 1
  int shift = 0;           // a marked sample shows the mark of class (label + shift) mod K
};

// Top-left corner of class c's mark in an H×W image, for K classes (see the header).
struct MarkPosition {
  std::size_t row = 0, column = 0;
};
MarkPosition mark_position(int label, std::size_t classes, std::size_t height, std::size_t width,
                           std::size_t size);

struct MarkedData {
  LabeledData data;          // a copy of the input with the marks stamped in
  std::vector<bool> marked;  // N: whether sample n got a mark
};

// `data` with a share of its samples marked as `options` says; `description` gets ", marked …"
// appended. Throws ArgumentError when the images are not N×1×H×W, the share is outside [0, 1] or
// the K marks do not fit side by side on an edge.
MarkedData add_class_marks(const LabeledData& data, const MarkOptions& options);

}  // namespace glassbox
