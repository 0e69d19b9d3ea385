#include "datasets/mnist.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <system_error>

#include "datasets/data_directory.hpp"
#include "datasets/idx.hpp"
#include "framework/errors.hpp"

namespace glassbox {

namespace {

constexpr std::size_t kRows = 28, kColumns = 28, kClasses = 10;

// The distribution's names (t10k = the 10,000 test images). The .gz files are what the mirrors
// serve; an uncompressed copy beside them (name without .gz) is accepted too.
std::string file_stem(Split split, const std::string& kind) {
  const std::string prefix = split == Split::train ? "train" : "t10k";
  return prefix + (kind == "images" ? "-images-idx3-ubyte" : "-labels-idx1-ubyte");
}

std::string find_mnist_file(const std::string& directory, const std::string& stem) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::path uncompressed = fs::path(directory) / "mnist" / stem;
  if (!fs::exists(uncompressed.string() + ".gz", error) && fs::exists(uncompressed, error)) {
    return uncompressed.string();
  }
  return data_file(directory, "mnist/" + stem + ".gz");  // throws, naming the .gz, if missing
}

// pixel value -> scaled float, computed once: 256 entries instead of a division per pixel.
std::array<float, 256> scaling_table(PixelScaling scaling) {
  std::array<float, 256> table{};
  for (int value = 0; value < 256; ++value) {
    const double unit = value / 255.0;
    table[value] = static_cast<float>(scaling == PixelScaling::unit ? unit : 2.0 * unit - 1.0);
  }
  return table;
}

}  // namespace

ByteImages load_mnist_bytes(Split split, const MnistOptions& options) {
  const std::string directory =
      options.data_directory.empty() ? find_data_directory() : options.data_directory;
  const std::string images_path = find_mnist_file(directory, file_stem(split, "images"));
  const std::string labels_path = find_mnist_file(directory, file_stem(split, "labels"));
  IdxArray images = read_idx(images_path, kIdxImagesMagic);
  const IdxArray labels = read_idx(labels_path, kIdxLabelsMagic);

  if (images.dims[1] != kRows || images.dims[2] != kColumns) {
    throw FileError(images_path, "images are " + std::to_string(images.dims[1]) + "x" +
                                     std::to_string(images.dims[2]) + "; MNIST images are 28x28");
  }
  const std::size_t count = images.dims[0];
  if (labels.dims[0] != count) {
    throw FileError(labels_path, "holds " + std::to_string(labels.dims[0]) + " labels but " +
                                     images_path + " holds " + std::to_string(count) +
                                     " images; the two files must match");
  }
  for (std::size_t index = 0; index < count; ++index) {
    if (labels.values[index] >= kClasses) {
      throw FileError(labels_path,
                      "label " + std::to_string(labels.values[index]) +
                          " is out of range (MNIST labels are 0 to 9)",
                      "label " + std::to_string(index));
    }
  }

  // The kept images move to the front of the bytes just read, in place: kept indices ascend, so
  // an image never moves back over one still to be moved.
  const std::vector<std::size_t> kept = options.subset.indices(count);
  const std::size_t pixels_per_image = kRows * kColumns;
  std::vector<std::uint8_t>& pixels = images.values;
  Labels kept_labels(kept.size());
  for (std::size_t row = 0; row < kept.size(); ++row) {
    if (kept[row] != row) {
      std::copy_n(pixels.begin() + static_cast<long>(kept[row] * pixels_per_image),
                  pixels_per_image, pixels.begin() + static_cast<long>(row * pixels_per_image));
    }
    kept_labels[row] = labels.values[kept[row]];
  }
  if (kept.size() < count) {
    pixels.resize(kept.size() * pixels_per_image);
    pixels.shrink_to_fit();
  }
  std::vector<std::string> class_names;
  for (std::size_t digit = 0; digit < kClasses; ++digit) {
    class_names.push_back(std::to_string(digit));
  }

  std::string details = options.subset.describe();
  if (options.scaling == PixelScaling::symmetric) {
    details += (details.empty() ? "" : ", ") + std::string("pixels in [-1, 1]");
  }
  return ByteImages(std::move(pixels), {1, kRows, kColumns}, std::move(kept_labels),
                    scaling_table(options.scaling), std::move(class_names),
                    "mnist " + split_name(split) + (details.empty() ? "" : " (" + details + ")"));
}

LabeledData load_mnist(Split split, const MnistOptions& options) {
  return load_mnist_bytes(split, options).to_labeled_data();
}

Split parse_split(const std::string& name) {
  if (name == "train") return Split::train;
  if (name == "test") return Split::test;
  throw ArgumentError("unknown split '" + name + "' (expected train or test)");
}

std::string split_name(Split split) {
  return split == Split::train ? "train" : "test";
}

PixelScaling parse_pixel_scaling(const std::string& name) {
  if (name == "unit") return PixelScaling::unit;
  if (name == "symmetric") return PixelScaling::symmetric;
  throw ArgumentError("unknown pixel scaling '" + name + "' (expected unit or symmetric)");
}

}  // namespace glassbox
