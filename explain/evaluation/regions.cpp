#include "explain/evaluation/regions.hpp"

#include "framework/errors.hpp"

namespace glassbox::explain {

std::vector<std::vector<std::size_t>> input_regions(const Shape& sample, std::size_t patch,
                                                    std::size_t stride, const std::string& who) {
  std::vector<std::vector<std::size_t>> regions;
  if (sample.size() != 3) {  // flat input: every feature is a region
    std::size_t features = 1;
    for (const std::size_t extent : sample) features *= extent;
    for (std::size_t i = 0; i < features; ++i) regions.push_back({i});
    return regions;
  }
  const std::size_t channels = sample[0], height = sample[1], width = sample[2];
  if (patch == 0 || stride == 0 || patch > height || patch > width ||
      (height - patch) % stride != 0 || (width - patch) % stride != 0) {
    throw ArgumentError(
        who + ": patches of " + std::to_string(patch) + "×" + std::to_string(patch) +
        (stride == patch ? "" : " every " + std::to_string(stride)) + " do not tile a " +
        std::to_string(height) + "×" + std::to_string(width) + " image");
  }
  for (std::size_t top = 0; top + patch <= height; top += stride) {
    for (std::size_t left = 0; left + patch <= width; left += stride) {
      std::vector<std::size_t> region;
      for (std::size_t c = 0; c < channels; ++c) {
        for (std::size_t y = top; y < top + patch; ++y) {
          for (std::size_t x = left; x < left + patch; ++x) {
            region.push_back((c * height + y) * width + x);
          }
        }
      }
      regions.push_back(std::move(region));
    }
  }
  return regions;
}

}  // namespace glassbox::explain
