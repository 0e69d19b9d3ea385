#include "datasets/byte_images.hpp"

#include <functional>
#include <numeric>

#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"

namespace glassbox {

ByteImages::ByteImages(std::vector<std::uint8_t> pixels, Shape sample_shape, Labels labels,
                       const std::array<float, 256>& scale, std::vector<std::string> class_names,
                       std::string description)
    : pixels_(std::move(pixels)),
      sample_shape_(std::move(sample_shape)),
      sample_size_(std::accumulate(sample_shape_.begin(), sample_shape_.end(), std::size_t{1},
                                   std::multiplies<>())),
      labels_(std::move(labels)),
      scale_(scale),
      class_names_(std::move(class_names)),
      description_(std::move(description)) {
  if (pixels_.size() != labels_.size() * sample_size_) {
    throw ArgumentError(description_ + ": " + std::to_string(pixels_.size()) + " pixels for " +
                        std::to_string(labels_.size()) + " images of " +
                        shape_to_string(sample_shape_));
  }
  for (const int label : labels_) {
    if (label < 0 || static_cast<std::size_t>(label) >= class_names_.size()) {
      throw ArgumentError(description_ + ": label " + std::to_string(label) +
                          " is not one of the " + std::to_string(class_names_.size()) + " classes");
    }
  }
}

void ByteImages::gather(const std::size_t* indices, std::size_t count, Tensor& inputs,
                        Labels& labels) const {
  Shape shape{count};
  shape.insert(shape.end(), sample_shape_.begin(), sample_shape_.end());
  resize_if_needed(inputs, shape);
  labels.resize(count);
  float* output = inputs.data();
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t source = indices[i];
    if (source >= size()) {
      throw ArgumentError("sample " + std::to_string(source) + " is outside " + description_ +
                          " (" + std::to_string(size()) + " samples)");
    }
    const std::uint8_t* pixels = pixels_.data() + source * sample_size_;
    for (std::size_t pixel = 0; pixel < sample_size_; ++pixel) *output++ = scale_[pixels[pixel]];
    labels[i] = labels_[source];
  }
}

void ByteImages::gather_range(std::size_t begin, std::size_t end, Tensor& inputs,
                              Labels& labels) const {
  if (begin >= end || end > size()) {
    throw ArgumentError("cannot take images [" + std::to_string(begin) + ", " +
                        std::to_string(end) + ") of " + description_ + " (" +
                        std::to_string(size()) + " images)");
  }
  std::vector<std::size_t> indices(end - begin);
  std::iota(indices.begin(), indices.end(), begin);
  gather(indices.data(), indices.size(), inputs, labels);
}

LabeledData ByteImages::to_labeled_data() const {
  LabeledData data;
  if (size() > 0) {
    gather_range(0, size(), data.inputs, data.labels);
  } else {
    Shape shape{0};
    shape.insert(shape.end(), sample_shape_.begin(), sample_shape_.end());
    data.inputs = Tensor::from_shape(shape);
  }
  data.class_names = class_names_;
  data.description = description_;
  return data;
}

}  // namespace glassbox
