// A model that is a list of layers applied one after the other.
//
// Shapes: the model is built for one sample shape (MNIST: 1×28×28); batches are N×(that shape).
// Adding a layer checks that it accepts the current output shape, so a list that does not chain is
// rejected when it is built, not in the middle of training.
#pragma once

#include <memory>
#include <vector>

#include "framework/layers/layer.hpp"

namespace glassbox {

class Sequential {
 public:
  explicit Sequential(Shape input_shape);

  // Appends a layer; throws ArgumentError (naming the layer's position) if it does not chain.
  Sequential& add(std::unique_ptr<Layer> layer);

  const Tensor& forward(const Tensor& input);
  // Backpropagates dL/d(output) of the last forward batch; returns dL/d(input).
  const Tensor& backward(const Tensor& output_gradient);

  // Forward pass in evaluation mode over any number of samples, `batch_size` at a time: N×K outputs.
  Tensor predict(const Tensor& inputs, std::size_t batch_size = 256);

  std::vector<Parameter> parameters();
  void zero_gradients();
  void set_training(bool training);
  std::size_t parameter_count();

  std::size_t size() const { return layers_.size(); }
  Layer& layer(std::size_t index) { return *layers_.at(index); }
  const Layer& layer(std::size_t index) const { return *layers_.at(index); }
  const Shape& input_shape() const { return input_shape_; }
  const Shape& output_shape() const { return output_shape_; }
  // One line per layer with its output shape and parameter count.
  std::string summary();

 private:
  Shape input_shape_, output_shape_;
  std::vector<std::unique_ptr<Layer>> layers_;
};

}  // namespace glassbox
