#include "explain/integrated_gradients.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "explain/embedded_input.hpp"
#include "explain/gradient.hpp"
#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"

namespace glassbox::explain {

TaylorExplanation integrated_gradients(Sequential& model, const Tensor& input,
                                       const Tensor& baseline, std::size_t steps,
                                       const Labels& targets) {
  if (starts_with_embedding(model)) {
    throw ArgumentError(
        "integrated gradients needs a path between inputs, and token ids have none (use simple "
        "Taylor, whose root is the zero embedding vector)");
  }
  if (steps == 0) throw ArgumentError("integrated gradients needs at least 1 step");
  const Tensor start = one_root_per_sample(input, baseline, "the integrated gradients baseline");

  TaylorExplanation result;
  static_cast<Explanation&>(result) = explained_logits(model, input, targets);

  const Tensor path = input - start;
  Tensor gradient_sum = xt::zeros<float>(input.shape());
  for (std::size_t k = 1; k <= steps; ++k) {
    const float alpha = (static_cast<float>(k) - 0.5f) / static_cast<float>(steps);
    LogitGradient at_point = logit_gradient(model, start + alpha * path, result.targets);
    gradient_sum += at_point.gradient;
  }
  result.relevance = path * gradient_sum / static_cast<float>(steps);  // eq. (11)
  const Tensor& at_start = model.forward(start);
  for (std::size_t n = 0; n < result.targets.size(); ++n) {
    result.root_outputs.push_back(at_start(n, static_cast<std::size_t>(result.targets[n])));
  }
  return result;
}

namespace {

// One pass of a 1-D convolution with `kernel` (odd length, centred) along an axis of `lines`
// lines of `length` values each, `step` apart within a line; the edge values are repeated.
void blur_lines(float* data, std::size_t lines, std::size_t length, std::size_t line_step,
                std::size_t step, const std::vector<float>& kernel) {
  const auto radius = static_cast<std::ptrdiff_t>(kernel.size() / 2);
  const auto last = static_cast<std::ptrdiff_t>(length) - 1;
  std::vector<float> line(length);
  for (std::size_t l = 0; l < lines; ++l) {
    float* values = data + l * line_step;
    for (std::size_t i = 0; i < length; ++i) line[i] = values[i * step];
    for (std::ptrdiff_t i = 0; i <= last; ++i) {
      float total = 0.0f;
      for (std::ptrdiff_t k = -radius; k <= radius; ++k) {
        total += kernel[static_cast<std::size_t>(k + radius)] *
                 line[static_cast<std::size_t>(std::clamp(i + k, std::ptrdiff_t{0}, last))];
      }
      values[static_cast<std::size_t>(i) * step] = total;
    }
  }
}

}  // namespace

Tensor blurred_images(const Tensor& images, float sigma) {
  if (images.dimension() != 4) {
    throw ArgumentError("a blurred baseline needs N×C×H×W images, got " +
                        shape_to_string(shape_of(images)));
  }
  if (!(sigma >= 0.0f)) throw ArgumentError("the blur's sigma must be ≥ 0");
  Tensor blurred = images;
  if (sigma == 0.0f) return blurred;
  const auto radius = static_cast<std::size_t>(std::ceil(3.0f * sigma));
  std::vector<float> kernel(2 * radius + 1);
  float total = 0.0f;
  for (std::size_t k = 0; k < kernel.size(); ++k) {
    const float d = static_cast<float>(k) - static_cast<float>(radius);
    kernel[k] = std::exp(-0.5f * d * d / (sigma * sigma));
    total += kernel[k];
  }
  for (float& weight : kernel) weight /= total;
  const std::size_t planes = images.shape(0) * images.shape(1);
  const std::size_t height = images.shape(2), width = images.shape(3);
  for (std::size_t p = 0; p < planes; ++p) {  // the Gaussian is separable: rows, then columns
    float* plane = blurred.data() + p * height * width;
    blur_lines(plane, height, width, width, 1, kernel);
    blur_lines(plane, width, height, 1, width, kernel);
  }
  return blurred;
}

}  // namespace glassbox::explain
