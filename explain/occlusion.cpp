#include "explain/occlusion.hpp"

#include <xtensor/xbuilder.hpp>

#include "explain/embedded_input.hpp"
#include "explain/evaluation/regions.hpp"
#include "explain/gradient.hpp"
#include "framework/errors.hpp"

namespace glassbox::explain {

Explanation occlusion(Sequential& model, const Tensor& input, const Labels& targets,
                      const OcclusionOptions& options) {
  if (starts_with_embedding(model)) {
    throw ArgumentError("occlusion covers pixels or features; a text model's token ids have none");
  }
  const std::size_t samples = input.shape(0), per_sample = input.size() / samples;
  const Shape sample(input.shape().begin() + 1, input.shape().end());
  const auto windows = input_regions(sample, options.patch, options.stride, "occlusion");

  Explanation result = explained_logits(model, input, targets);

  const Tensor cover = xt::full_like(input, options.value);
  Tensor covered = input;
  Tensor drops = xt::zeros<float>(input.shape());
  std::vector<float> windows_over(per_sample, 0.0f);  // |{W ∋ i}|
  for (const auto& window : windows) {
    for (std::size_t n = 0; n < samples; ++n) {
      replace_region(covered.data() + n * per_sample, window, cover.data() + n * per_sample);
    }
    const Tensor& covered_logits = model.forward(covered);
    const std::size_t classes = covered_logits.shape(1);
    for (std::size_t n = 0; n < samples; ++n) {
      const auto c = static_cast<std::size_t>(result.targets[n]);
      const float drop = result.outputs[n] - covered_logits.data()[n * classes + c];
      float* sample_drops = drops.data() + n * per_sample;
      for (const std::size_t offset : window) sample_drops[offset] += drop;
      replace_region(covered.data() + n * per_sample, window, input.data() + n * per_sample);
    }
    for (const std::size_t offset : window) windows_over[offset] += 1.0f;
  }
  for (std::size_t n = 0; n < samples; ++n) {  // eq. (13): the mean over the windows
    float* sample_drops = drops.data() + n * per_sample;
    for (std::size_t i = 0; i < per_sample; ++i) {
      sample_drops[i] = windows_over[i] > 0.0f ? sample_drops[i] / windows_over[i] : 0.0f;
    }
  }
  result.relevance = std::move(drops);
  return result;
}

}  // namespace glassbox::explain
