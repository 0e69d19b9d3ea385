// Sparse text features as a BatchSource (framework/training/batch_source.hpp): the training loop
// and evaluation get dense batches, written out from the sparse rows only when asked for.
//
// Shapes: features N×V sparse (tf-idf or counts), labels N; a batch of B samples is B×V dense.
// Memory: the whole training split of 20 Newsgroups with 30,000 words is 1.36 GB as dense floats
// and about 17 MB as sparse rows; a batch of 64 is 7.7 MB.
#pragma once

#include <string>

#include "datasets/newsgroups/sparse_matrix.hpp"
#include "framework/training/batch_source.hpp"

namespace glassbox {

class SparseBatches : public BatchSource {
 public:
  // Refers to `features` and `labels` (one label per row), which must outlive it. ArgumentError
  // when their sizes differ or a label is outside [0, class_count).
  SparseBatches(const SparseMatrix& features, const Labels& labels, std::size_t class_count,
                std::string description);

  std::size_t size() const override { return labels_.size(); }
  Shape sample_shape() const override { return {features_.columns}; }
  std::size_t class_count() const override { return class_count_; }
  std::string description() const override { return description_; }
  // Zeros, then each listed row's stored entries: B×V.
  void gather(const std::size_t* indices, std::size_t count, Tensor& inputs,
              Labels& labels) const override;

 private:
  const SparseMatrix& features_;
  const Labels& labels_;
  std::size_t class_count_;
  std::string description_;
};

}  // namespace glassbox
