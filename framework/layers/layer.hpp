// The interface every layer implements.
//
// A layer maps a batch of inputs to a batch of outputs (forward) and a gradient with respect to
// its outputs to a gradient with respect to its inputs (backward), adding the gradients of its own
// parameters along the way. It knows nothing about training loops or explanations; it only keeps
// what those need to read: the last input it saw and its parameters.
//
// The input gradient can be switched off (set_input_gradient_needed(false)) where nobody reads it:
// the first layer of a model being trained. Layers for which it is real work (Dense, Conv2d,
// Embedding) then skip it and backward returns an empty tensor; the others may compute it anyway.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "framework/tensor.hpp"

namespace glassbox {

// A trainable tensor and the gradient the backward pass accumulates for it (same shape).
struct Parameter {
  std::string name;  // "weight", "bias", ... unique within its layer
  Tensor* value;
  Tensor* gradient;
};

class Layer {
 public:
  virtual ~Layer() = default;

  // Type name as written in model files ("Dense", "ReLU", ...).
  virtual std::string type() const = 0;

  // Computes the output of a batch and remembers the input (see set_input_borrowed). The returned
  // reference stays valid until the next call to forward.
  virtual const Tensor& forward(const Tensor& input) = 0;

  // Takes dL/d(output) of the last forward batch, adds dL/d(parameter) into each gradient and
  // returns dL/d(input). Gradients accumulate: call Sequential::zero_gradients between steps.
  virtual const Tensor& backward(const Tensor& output_gradient) = 0;

  // Shape of one output sample for one input sample (no batch axis). Throws ArgumentError when
  // the layer cannot take that input, which is how a layer list that does not chain is caught.
  virtual Shape output_shape(const Shape& input_shape) const = 0;

  // Hyperparameters that rebuild the layer, without its weights: {"inputs": 784, "outputs": 256}.
  virtual nlohmann::json config() const = 0;

  virtual std::vector<Parameter> parameters() { return {}; }

  // Dropout and similar layers behave differently while training.
  virtual void set_training(bool /*training*/) {}

  // Whether backward must return dL/d(input). On by default; Sequential switches it off for the
  // layers at its front while training (nothing reads the gradient of the model's input), and
  // explanation methods, which do read it, get it back with set_training(false). Layers that hold
  // other layers (Parallel) pass the setting on.
  virtual void set_input_gradient_needed(bool needed) { input_gradient_needed_ = needed; }
  bool input_gradient_needed() const { return input_gradient_needed_; }

  // The input of the last forward call: what explanation methods read as the activations a_j.
  const Tensor& input() const { return borrowed_input_ ? *borrowed_input_ : input_; }
  // The output of the last forward call (what forward returned), read-only.
  const Tensor& output() const { return output_; }

  // Whether forward may remember where its input is instead of copying it. Off by default, so a
  // layer used on its own can be handed a temporary. Sequential switches it on for its layers:
  // there every input is the previous layer's output member (or the model's own copy of the
  // batch), which stays alive and unchanged until the next forward. That saves a copy of every
  // activation, 11 MB per batch of 64 in the reference CNN (docs/performance.md).
  void set_input_borrowed(bool borrowed) { input_borrowed_ = borrowed; }

 protected:
  // Called by forward: keeps `input`, by address or as a copy (see set_input_borrowed), and
  // returns what input() will return.
  const Tensor& remember_input(const Tensor& input) {
    if (input_borrowed_) {
      borrowed_input_ = &input;
      return input;
    }
    borrowed_input_ = nullptr;
    input_ = input;
    return input_;
  }

  // What backward returns when the input gradient is switched off: a tensor with no elements.
  static const Tensor& skipped_input_gradient() {
    static const Tensor empty = Tensor::from_shape({0});
    return empty;
  }

  Tensor input_;  // the copy of the input, when it is not borrowed
  Tensor output_;
  Tensor input_gradient_;
  bool input_gradient_needed_ = true;

 private:
  bool input_borrowed_ = false;
  const Tensor* borrowed_input_ = nullptr;  // set by remember_input while borrowing
};

}  // namespace glassbox
