// Max-over-time pooling: each feature map's largest value over the whole sequence.
//
//   y[n][f] = max_t x[n][f][t]
//
// Shapes: x N×F×L, y N×F  (N sequences, F feature maps, L positions). In a text CNN this keeps,
// for every filter, its strongest match anywhere in the document, so documents of any length give
// one vector of F numbers.
//
// Like MaxPool2d, the layer remembers which input won each output ("winners"): the backward pass
// sends y[n][f]'s gradient to that position only, and explanation methods (winner-take-all
// relevance) read the same positions. Ties: the first maximum (smallest t) wins.
#pragma once

#include <vector>

#include "framework/layers/layer.hpp"

namespace glassbox {

// y = max over the last axis (N×F×L → N×F). winners[o] is the flat index into x (over the whole
// batch: x.data()[winners[o]]) of the input y.data()[o] was taken from. y and winners are resized
// only when their size changes. ArgumentError unless x is N×F×L with L ≥ 1.
void max_over_time_forward(const Tensor& x, Tensor& y, std::vector<std::size_t>& winners);

// The backward pass is max_pool2d_backward (max_pool2d.hpp): dx = 0, then
// dx[winners[o]] += dy[o].

class MaxOverTime : public Layer {
 public:
  std::string type() const override { return "MaxOverTime"; }
  const Tensor& forward(const Tensor& input) override;
  const Tensor& backward(const Tensor& output_gradient) override;
  // [F, L] → [F]
  Shape output_shape(const Shape& input_shape) const override;
  nlohmann::json config() const override { return nlohmann::json::object(); }

  // For each output of the last forward batch (row-major over N×F), the flat index into input()
  // of the value it took: output().data()[o] == input().data()[winners()[o]].
  const std::vector<std::size_t>& winners() const { return winners_; }

 private:
  std::vector<std::size_t> winners_;
};

}  // namespace glassbox
