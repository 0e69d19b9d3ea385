// MNIST handwritten digits (LeCun et al.), read from the four IDX files under <data>/mnist/.
//
// Shapes: inputs N×1×28×28 float (N samples, 1 channel, 28 rows, 28 columns, row-major as stored),
// labels N digits in [0, 10). train has N = 60000, test N = 10000, in the original order.
// Pixels are 0 (background) to 255 (ink) on disk, scaled to [0, 1] or [-1, 1] here.
#pragma once

#include <string>

#include "datasets/byte_images.hpp"
#include "datasets/subset.hpp"
#include "framework/dataset.hpp"

namespace glassbox {

enum class Split { train, test };

enum class PixelScaling {
  unit,       // p / 255: [0, 1], background 0
  symmetric,  // 2p / 255 - 1: [-1, 1], background -1
};

struct MnistOptions {
  std::string data_directory;  // empty: find_data_directory(), looked up when loading
  PixelScaling scaling = PixelScaling::unit;
  Subset subset;  // all samples unless set
};

// Reads and validates both files of `split` (whole files, even for a subset), then keeps the
// subset, as floats. Throws FileError for missing or malformed files, ArgumentError for an
// impossible subset. The whole training split is 188 MB this way: for small subsets.
LabeledData load_mnist(Split split, const MnistOptions& options = {});

// The same images as the bytes they are stored in (47 MB for the training split), made float a
// batch at a time, to exactly the floats load_mnist gives (byte_images.hpp).
ByteImages load_mnist_bytes(Split split, const MnistOptions& options = {});

// "train" or "test"; ArgumentError otherwise.
Split parse_split(const std::string& name);
std::string split_name(Split split);

// "unit" or "symmetric"; ArgumentError otherwise.
PixelScaling parse_pixel_scaling(const std::string& name);

}  // namespace glassbox
