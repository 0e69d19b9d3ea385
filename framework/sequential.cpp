#include "framework/sequential.hpp"

#include <algorithm>

#include <xtensor/xview.hpp>

#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"

namespace glassbox {
namespace {

// The layers applied one after the other to `input`, each reading the previous one's output.
const Tensor& run_layers(std::vector<std::unique_ptr<Layer>>& layers, const Tensor& input) {
  const Tensor* activation = &input;
  for (std::size_t index = 0; index < layers.size(); ++index) {
    try {
      activation = &layers[index]->forward(*activation);
    } catch (const ArgumentError& error) {
      // A layer that finds its input wrong (a token id past an embedding's table, a shape that
      // add() could not foresee) knows only its own type; the model knows which layer it is.
      throw ArgumentError("layer " + std::to_string(index) + " (" + layers[index]->type() +
                          "): " + error.what());
    }
  }
  return *activation;
}

}  // namespace

Sequential::Sequential(Shape input_shape)
    : input_shape_(input_shape), output_shape_(std::move(input_shape)) {}

Sequential& Sequential::add(std::unique_ptr<Layer> layer) {
  try {
    output_shape_ = layer->output_shape(output_shape_);
  } catch (const ArgumentError& error) {
    throw ArgumentError("layer " + std::to_string(layers_.size()) + " (" + layer->type() +
                        ") does not fit the layers before it: " + error.what());
  }
  layer->set_input_borrowed(true);  // see forward
  layers_.push_back(std::move(layer));
  // A layer added to a model in training mode is told whether its input gradient is needed.
  set_input_gradient_needed(input_gradient_needed_);
  return *this;
}

const Tensor& Sequential::forward(const Tensor& input) {
  require_shape("the model", input, input_shape_);
  // The layers remember their inputs by address (Layer::set_input_borrowed): the first one reads
  // this copy, which lives as long as the model, whatever happens to the caller's tensor.
  // (Copied into the buffer it already has: assigning the tensor allocated a new one every batch.
  // The caller may hand back this very copy, as layer(0).input().)
  if (&input != &input_) {
    resize_if_needed(input_, shape_of(input));
    std::copy_n(input.data(), input.size(), input_.data());
  }
  return run_layers(layers_, input_);
}

const Tensor& Sequential::backward(const Tensor& output_gradient) {
  const Tensor* gradient = &output_gradient;
  // With the input gradient off, the backward pass ends at the last layer of the front part that
  // skips it: every layer before that one is parameter-free, so there is nothing left to compute.
  const std::size_t last = front_without_input_gradient_ ? front_without_input_gradient_ - 1 : 0;
  for (std::size_t index = layers_.size(); index-- > last;) {
    gradient = &layers_[index]->backward(*gradient);
  }
  return front_without_input_gradient_ ? skipped_input_gradient_ : *gradient;
}

Tensor Sequential::predict(const Tensor& inputs, std::size_t batch_size) {
  require_shape("the model", inputs, input_shape_);
  set_training(false);
  const std::size_t count = inputs.shape(0);
  Shape result_shape{count};
  result_shape.insert(result_shape.end(), output_shape_.begin(), output_shape_.end());
  Tensor outputs = Tensor::from_shape(result_shape);
  const std::size_t in_stride = inputs.size() / count, out_stride = outputs.size() / count;
  for (std::size_t start = 0; start < count; start += batch_size) {
    const std::size_t n = std::min(batch_size, count - start);
    Shape batch_shape{n};
    batch_shape.insert(batch_shape.end(), input_shape_.begin(), input_shape_.end());
    // Each batch goes straight into the model's own input copy, which forward would make anyway.
    resize_if_needed(input_, batch_shape);
    std::copy_n(inputs.data() + start * in_stride, n * in_stride, input_.data());
    const Tensor& result = run_layers(layers_, input_);
    std::copy_n(result.data(), n * out_stride, outputs.data() + start * out_stride);
  }
  return outputs;
}

std::vector<Parameter> Sequential::parameters() {
  std::vector<Parameter> all;
  for (auto& layer : layers_) {
    for (auto& parameter : layer->parameters()) all.push_back(parameter);
  }
  return all;
}

void Sequential::zero_gradients() {
  for (auto& parameter : parameters()) parameter.gradient->fill(0.0f);
}

void Sequential::set_training(bool training) {
  for (auto& layer : layers_) layer->set_training(training);
  set_input_gradient_needed(!training);
}

void Sequential::set_input_gradient_needed(bool needed) {
  input_gradient_needed_ = needed;
  // Layer i's input gradient is read by layer i − 1, which needs it only if the model's input
  // gradient is needed or some layer before it has parameters to train.
  bool layer_needs = needed;
  front_without_input_gradient_ = 0;
  for (auto& layer : layers_) {
    layer->set_input_gradient_needed(layer_needs);
    if (!layer_needs) ++front_without_input_gradient_;
    if (!layer->parameters().empty()) layer_needs = true;
  }
}

std::size_t Sequential::parameter_count() {
  std::size_t count = 0;
  for (auto& parameter : parameters()) count += parameter.value->size();
  return count;
}

std::string Sequential::summary() {
  std::string text = "input " + shape_to_string(input_shape_) + "\n";
  Shape shape = input_shape_;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    shape = layers_[i]->output_shape(shape);
    std::size_t count = 0;
    for (auto& parameter : layers_[i]->parameters()) count += parameter.value->size();
    text += std::to_string(i) + " " + layers_[i]->type() + " " + layers_[i]->config().dump() +
            " -> " + shape_to_string(shape) + " (" + std::to_string(count) + " parameters)\n";
  }
  return text + "total " + std::to_string(parameter_count()) + " parameters\n";
}

}  // namespace glassbox
