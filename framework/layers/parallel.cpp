#include "framework/layers/parallel.hpp"

#include <string>

#include <xtensor/xnoalias.hpp>

#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"

namespace glassbox {

Parallel::Parallel(std::vector<Sequential> branches) : branches_(std::move(branches)) {
  if (branches_.empty()) throw ArgumentError("Parallel needs at least one branch");
  offsets_.push_back(0);
  for (std::size_t b = 0; b < branches_.size(); ++b) {
    const Sequential& branch = branches_[b];
    if (branch.input_shape() != branches_.front().input_shape()) {
      throw ArgumentError("Parallel: branch " + std::to_string(b) + " takes samples of shape " +
                          shape_to_string(branch.input_shape()) + " but branch 0 takes " +
                          shape_to_string(branches_.front().input_shape()));
    }
    if (branch.output_shape().size() != 1) {
      throw ArgumentError("Parallel: branch " + std::to_string(b) + " gives samples of shape " +
                          shape_to_string(branch.output_shape()) +
                          "; branches must give flat samples (end them in maxovertime or flatten)");
    }
    offsets_.push_back(offsets_.back() + branch.output_shape()[0]);
  }
  branch_gradients_.resize(branches_.size());
}

const Tensor& Parallel::forward(const Tensor& input) {
  require_shape(type(), input, branches_.front().input_shape());
  input_ = input;
  const std::size_t samples = input.shape(0), width = offsets_.back();
  resize_if_needed(output_, {samples, width});
  for (std::size_t b = 0; b < branches_.size(); ++b) {
    const Tensor* branch_result = nullptr;
    try {
      branch_result = &branches_[b].forward(input_);
    } catch (const ArgumentError& error) {
      throw ArgumentError("branch " + std::to_string(b) + ", " + error.what());
    }
    const Tensor& branch_output = *branch_result;
    const std::size_t columns = offsets_[b + 1] - offsets_[b];
    for (std::size_t n = 0; n < samples; ++n) {
      std::copy_n(branch_output.data() + n * columns, columns,
                  output_.data() + n * width + offsets_[b]);
    }
  }
  return output_;
}

const Tensor& Parallel::backward(const Tensor& output_gradient) {
  const std::size_t width = offsets_.back();
  require_shape(type() + " (output gradient)", output_gradient, {width});
  const std::size_t samples = output_gradient.shape(0);
  if (input_.dimension() == 0 || samples != input_.shape(0)) {
    throw ArgumentError("Parallel: the output gradient has " + std::to_string(samples) +
                        " rows, which is not the size of the last forward batch");
  }
  for (std::size_t b = 0; b < branches_.size(); ++b) {
    const std::size_t columns = offsets_[b + 1] - offsets_[b];
    Tensor& gradient = branch_gradients_[b];
    resize_if_needed(gradient, {samples, columns});
    for (std::size_t n = 0; n < samples; ++n) {
      std::copy_n(output_gradient.data() + n * width + offsets_[b], columns,
                  gradient.data() + n * columns);
    }
    const Tensor& input_gradient = branches_[b].backward(gradient);
    if (!input_gradient_needed_) continue;  // the branches skipped it too
    if (b == 0) {
      resize_if_needed(input_gradient_, shape_of(input_));
      xt::noalias(input_gradient_) = input_gradient;
    } else {
      xt::noalias(input_gradient_) += input_gradient;
    }
  }
  return input_gradient_needed_ ? input_gradient_ : skipped_input_gradient();
}

Shape Parallel::output_shape(const Shape& input_shape) const {
  if (input_shape != branches_.front().input_shape()) {
    throw ArgumentError("Parallel expects samples of shape " +
                        shape_to_string(branches_.front().input_shape()) + ", got " +
                        shape_to_string(input_shape));
  }
  return {offsets_.back()};
}

nlohmann::json Parallel::config() const {
  nlohmann::json branches = nlohmann::json::array();
  for (const Sequential& branch : branches_) {
    nlohmann::json layers = nlohmann::json::array();
    for (std::size_t l = 0; l < branch.size(); ++l) {
      layers.push_back({{"type", branch.layer(l).type()}, {"config", branch.layer(l).config()}});
    }
    branches.push_back(std::move(layers));
  }
  return {{"input_shape", branches_.front().input_shape()}, {"branches", std::move(branches)}};
}

std::vector<Parameter> Parallel::parameters() {
  std::vector<Parameter> all;
  for (std::size_t b = 0; b < branches_.size(); ++b) {
    for (std::size_t l = 0; l < branches_[b].size(); ++l) {
      for (Parameter parameter : branches_[b].layer(l).parameters()) {
        parameter.name =
            "branch" + std::to_string(b) + "." + std::to_string(l) + "." + parameter.name;
        all.push_back(std::move(parameter));
      }
    }
  }
  return all;
}

void Parallel::set_training(bool training) {
  for (Sequential& branch : branches_) {
    branch.set_training(training);
    // Sequential::set_training decides the input gradient as if the branch were a whole model;
    // here it is this layer's to decide.
    branch.set_input_gradient_needed(input_gradient_needed_);
  }
}

void Parallel::set_input_gradient_needed(bool needed) {
  Layer::set_input_gradient_needed(needed);
  for (Sequential& branch : branches_) branch.set_input_gradient_needed(needed);
}

}  // namespace glassbox
