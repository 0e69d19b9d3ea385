// A model that is a list of layers applied one after the other.
//
// Shapes: the model is built for one sample shape (MNIST: 1×28×28); batches are N×(that shape).
// Adding a layer checks that it accepts the current output shape, so a list that does not chain is
// rejected when it is built, not in the middle of training.
//
// Input gradients: nobody reads dL/d(input) while training, so set_training(true) switches it off
// at the front of the model: for every layer up to and including the first one with parameters
// (in flatten,dense,relu,…: Flatten and the first Dense). Those layers skip the work where it costs
// (Dense: dx = dy·Wᵀ), and backward stops after the first of them, returning an empty tensor.
// set_training(false) switches it back on, so explanation methods get dL/d(input) as before.
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

  // Runs the layers one after the other. Keeps a copy of `input`; each layer remembers its input
  // by address (the previous layer's output), so a layer's input() is valid until the next forward.
  // ArgumentError for an input of the wrong shape, or from a layer, prefixed "layer I (TYPE): ".
  const Tensor& forward(const Tensor& input);
  // Backpropagates dL/d(output) of the last forward batch; returns dL/d(input), or an empty
  // tensor when the input gradient is switched off (see above).
  const Tensor& backward(const Tensor& output_gradient);

  // Forward pass in evaluation mode over any number of samples, `batch_size` at a time: N×K
  // outputs.
  Tensor predict(const Tensor& inputs, std::size_t batch_size = 256);

  std::vector<Parameter> parameters();
  void zero_gradients();
  // Sets every layer's training mode, then set_input_gradient_needed(!training).
  void set_training(bool training);
  // Whether backward must return dL/d(input). Off: the layers up to and including the first with
  // parameters are told they need not compute their input gradient; on: every layer computes it.
  void set_input_gradient_needed(bool needed);
  bool input_gradient_needed() const { return input_gradient_needed_; }
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
  bool input_gradient_needed_ = true;
  std::size_t front_without_input_gradient_ = 0;  // layers told to skip their input gradient
  Tensor skipped_input_gradient_ = Tensor::from_shape({0});
  Tensor input_;  // the last forward batch, which the first layer reads
};

}  // namespace glassbox
