// Parallel: several branches, each a Sequential, applied to the same input, with their outputs
// placed side by side.
//
//   y[n] = [ branch_0(x)[n], branch_1(x)[n], …, branch_{B−1}(x)[n] ]
//
// Shapes: x N×(input shape), branch b gives N×F_b, y N×(F_0 + … + F_{B−1}). Every branch takes
// the same input shape and gives flat samples. A text CNN (Kim 2014; Arras et al. 2017) is one:
// three branches conv1d of width 1, 2 and 3 → ReLU → max over time, side by side, then dense.
//
// Backward: dy splits into each branch's N×F_b columns dy_b, and since the input feeds every
// branch, its gradient is the sum  dx = Σ_b dL_b/dx, where dL_b/dx = branch_b.backward(dy_b).
//
// Parameters are named "branch<b>.<l>.<name>" with b and l counted from 0: "branch1.0.weight" is
// the weight of layer 0 of the second branch. So the model file code, which saves and loads every
// parameter by name, needs nothing special. Config:
//   {"input_shape": [100, 400],
//    "branches": [[{"type": "Conv1d", "config": {...}}, {"type": "ReLU", "config": {}}, ...], ...]}
// The registry builds the branch layers through make_layer, so branches may hold any layer,
// Parallel included.
#pragma once

#include <vector>

#include "framework/layers/layer.hpp"
#include "framework/sequential.hpp"

namespace glassbox {

class Parallel : public Layer {
 public:
  // Throws ArgumentError when there is no branch, when the branches take different input shapes or
  // when a branch's output is not flat (one axis).
  explicit Parallel(std::vector<Sequential> branches);

  std::string type() const override { return "Parallel"; }
  const Tensor& forward(const Tensor& input) override;
  const Tensor& backward(const Tensor& output_gradient) override;
  // The branches' input shape → [F_0 + … + F_{B−1}]; ArgumentError for any other input shape.
  Shape output_shape(const Shape& input_shape) const override;
  nlohmann::json config() const override;
  // Every branch's parameters, renamed "branch<b>.<l>.<name>".
  std::vector<Parameter> parameters() override;
  void set_training(bool training) override;
  // Passed on to every branch: their first layers skip their input gradients too.
  void set_input_gradient_needed(bool needed) override;

  // Read-only access for explanation methods, which recurse into the branches.
  std::size_t branch_count() const { return branches_.size(); }
  const Sequential& branch(std::size_t index) const { return branches_.at(index); }
  // For what must reach the layers inside (restoring Dropout generators when a run resumes).
  Sequential& branch(std::size_t index) { return branches_.at(index); }
  // The first column of y that branch `index` fills; its F_b columns follow.
  std::size_t output_offset(std::size_t index) const { return offsets_.at(index); }

 private:
  std::vector<Sequential> branches_;
  std::vector<std::size_t>
      offsets_;  // B + 1: branch b fills columns [offsets_[b], offsets_[b + 1])
  std::vector<Tensor> branch_gradients_;  // dy_b of the last backward call
};

}  // namespace glassbox
