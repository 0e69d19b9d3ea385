// Images kept as the bytes they are stored in and made float one batch at a time: the BatchSource
// (framework/training/batch_source.hpp) that trains and scores on a whole MNIST split.
//
// Shapes: N images of C×H×W bytes (MNIST: 1×28×28), labels N in [0, K); a batch of B images is a
// B×C×H×W float tensor.
//
// Why bytes: MNIST's 60,000 training images are 47 MB as the bytes on disk and 188 MB as float32,
// more than the model, its activations and the program together. Training reads each image once
// per epoch, so making it float when its batch is gathered costs one table lookup per pixel and
// keeps the split at a quarter of the memory. The table holds, for each of the 256 byte values,
// the float the pixel scaling gives it (mnist.hpp: p/255 computed in double and rounded once), the
// same table load_mnist fills its LabeledData from: a batch holds exactly the floats a LabeledData
// of the same images holds, so training on either is the same, bit for bit.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "framework/dataset.hpp"
#include "framework/training/batch_source.hpp"

namespace glassbox {

class ByteImages : public BatchSource {
 public:
  // `pixels`: N images of (product of sample_shape) bytes each, one after the other; `labels`: N,
  // each in [0, class_names.size()); `scale[p]`: the float for byte value p. ArgumentError when the
  // sizes disagree or a label is out of range.
  ByteImages(std::vector<std::uint8_t> pixels, Shape sample_shape, Labels labels,
             const std::array<float, 256>& scale, std::vector<std::string> class_names,
             std::string description);

  std::size_t size() const override { return labels_.size(); }
  Shape sample_shape() const override { return sample_shape_; }
  std::size_t class_count() const override { return class_names_.size(); }
  std::string description() const override { return description_; }
  // Each listed image's bytes through the table: B×C×H×W floats.
  void gather(const std::size_t* indices, std::size_t count, Tensor& inputs,
              Labels& labels) const override;

  const std::vector<std::string>& class_names() const { return class_names_; }
  // Images [begin, end) as floats with their labels, in order. ArgumentError for an empty range
  // or one past the end.
  void gather_range(std::size_t begin, std::size_t end, Tensor& inputs, Labels& labels) const;
  // Every image as floats: what load_mnist returns (N×C×H×W floats, 4 bytes a pixel).
  LabeledData to_labeled_data() const;

 private:
  std::vector<std::uint8_t> pixels_;
  Shape sample_shape_;
  std::size_t sample_size_;  // bytes (and floats) per image
  Labels labels_;
  std::array<float, 256> scale_;
  std::vector<std::string> class_names_;
  std::string description_;
};

}  // namespace glassbox
