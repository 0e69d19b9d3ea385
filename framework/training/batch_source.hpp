// Where the training loop and evaluation take their samples from, one batch at a time.
//
// Shapes: N samples, each of sample_shape(); a batch of B samples is a B×(sample shape) tensor and
// B labels in [0, K).
//
// LabeledData holds every input in one dense tensor (MNIST: 60,000×1×28×28 floats, 188 MB), and
// DenseBatches copies batches out of it: right for small sets. The commands keep MNIST's images as
// the bytes they are stored in (47 MB) and make each batch float when it is asked for
// (datasets/byte_images.hpp). Text features are too large for floats: 11,314 documents × 30,000
// words is 1.36 GB, 99% of it zeros. They stay sparse, and their source
// (datasets/newsgroups/sparse_batches.hpp) writes each batch out densely only when it is asked for.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "framework/dataset.hpp"
#include "framework/sequential.hpp"
#include "framework/training/metrics.hpp"

namespace glassbox {

class BatchSource {
 public:
  virtual ~BatchSource() = default;

  virtual std::size_t size() const = 0;         // N
  virtual Shape sample_shape() const = 0;       // one sample, no batch axis
  virtual std::size_t class_count() const = 0;  // K
  virtual std::string description() const = 0;  // for messages, e.g. "20news train (tfidf, ...)"

  // Writes samples indices[0], …, indices[count − 1] (positions in this source) into `inputs`,
  // resized to count×(sample shape) only when its shape changes, and their labels into `labels`.
  // Throws ArgumentError for an index ≥ size().
  virtual void gather(const std::size_t* indices, std::size_t count, Tensor& inputs,
                      Labels& labels) const = 0;
};

// A LabeledData as a BatchSource. It refers to `data`, which must outlive it.
class DenseBatches : public BatchSource {
 public:
  explicit DenseBatches(const LabeledData& data) : data_(data) {}

  std::size_t size() const override { return data_.size(); }
  Shape sample_shape() const override { return data_.sample_shape(); }
  std::size_t class_count() const override { return data_.class_count(); }
  std::string description() const override { return data_.description; }
  void gather(const std::size_t* indices, std::size_t count, Tensor& inputs,
              Labels& labels) const override;

 private:
  const LabeledData& data_;
};

// The samples of `base` at `indices`, in that order, as a source of their own: a training set and
// the validation set held out of it, without copying either. Refers to `base`, which must outlive
// it. ArgumentError for an index ≥ base.size().
class IndexedBatches : public BatchSource {
 public:
  IndexedBatches(const BatchSource& base, std::vector<std::size_t> indices,
                 std::string description);

  std::size_t size() const override { return indices_.size(); }
  Shape sample_shape() const override { return base_.sample_shape(); }
  std::size_t class_count() const override { return base_.class_count(); }
  std::string description() const override { return description_; }
  void gather(const std::size_t* indices, std::size_t count, Tensor& inputs,
              Labels& labels) const override;

 private:
  const BatchSource& base_;
  std::vector<std::size_t> indices_;
  std::string description_;
  mutable std::vector<std::size_t> base_indices_;  // scratch of gather: one caller at a time
};

// Runs the model over every sample of `data` in order, in evaluation mode and `batch_size` at a
// time, and scores it. For DenseBatches this is evaluate(model, LabeledData).
ClassificationReport evaluate(Sequential& model, const BatchSource& data,
                              std::size_t batch_size = 500);

}  // namespace glassbox
