#include "datasets/poisoned_mnist.hpp"

#include <cstdio>
#include <string>

#include "datasets/subset.hpp"
#include "framework/errors.hpp"

namespace glassbox {

MarkPosition mark_position(int label, std::size_t classes, std::size_t height, std::size_t width,
                           std::size_t size) {
  const std::size_t per_edge = (classes + 1) / 2;
  if (classes == 0 || size == 0 || width < 2 || (width - 2) / per_edge < size + 1 ||
      height < 2 * size + 3) {
    throw ArgumentError("class marks: " + std::to_string(classes) + " marks of " +
                        std::to_string(size) + "x" + std::to_string(size) + " pixels do not fit " +
                        "apart on the edges of a " + std::to_string(height) + "x" +
                        std::to_string(width) + " image");
  }
  if (label < 0 || static_cast<std::size_t>(label) >= classes) {
    throw ArgumentError("class marks: label " + std::to_string(label) + " is not in [0, " +
                        std::to_string(classes) + ")");
  }
  const auto c = static_cast<std::size_t>(label);
  const std::size_t spacing = (width - 2) / per_edge;
  return {c < per_edge ? 1 : height - 1 - size, 1 + (c % per_edge) * spacing};
}

MarkedData add_class_marks(const LabeledData& data, const MarkOptions& options) {
  if (data.inputs.dimension() != 4 || data.inputs.shape(1) != 1) {
    throw ArgumentError("class marks: images must be N×1×H×W, one channel");
  }
  if (!(options.share >= 0.0 && options.share <= 1.0)) {
    throw ArgumentError("class marks: share " + std::to_string(options.share) +
                        " is not in [0, 1]");
  }
  const std::size_t n = data.size(), height = data.inputs.shape(2), width = data.inputs.shape(3);
  const std::size_t classes = data.class_count();
  const auto count = static_cast<std::size_t>(options.share * static_cast<double>(n) + 0.5);
  MarkedData result{data, std::vector<bool>(n, false)};
  if (count > 0) {
    for (std::size_t i : Subset::random_sample(count, options.seed).indices(n)) {
      result.marked[i] = true;
    }
  }
  const auto k = static_cast<int>(classes);
  float* pixels = result.data.inputs.data();
  for (std::size_t i = 0; i < n; ++i) {
    if (!result.marked[i]) continue;
    const int shown = ((data.labels[i] + options.shift) % k + k) % k;
    const MarkPosition at = mark_position(shown, classes, height, width, options.size);
    float* image = pixels + i * height * width;
    for (std::size_t r = at.row; r < at.row + options.size; ++r) {
      for (std::size_t c = at.column; c < at.column + options.size; ++c) {
        image[r * width + c] = options.value;
      }
    }
  }
  char note[96];
  std::snprintf(note, sizeof note, ", marked %zu of %zu (shift %d)", count, n, options.shift);
  result.data.description += note;
  return result;
}

}  // namespace glassbox
