#include "explain/prototypes/starts.hpp"

#include <algorithm>
#include <numeric>
#include <random>

#include "framework/random.hpp"

namespace glassbox::explain {
namespace {

constexpr std::size_t kCodesPerStart = 64;  // decoder: candidates drawn for each start

// f_c(x_n) − max_k f_k(x_n): ≥ 0 exactly when x_n is classified as c.
float margin(const Tensor& logits, std::size_t n, std::size_t c) {
  const std::size_t classes = logits.shape(1);
  const float* f = logits.data() + n * classes;
  return f[c] - *std::max_element(f, f + classes);
}

// A batch of the given sample shape and N samples.
Tensor batch_of(std::size_t n, const Shape& sample_shape) {
  Shape shape{n};
  shape.insert(shape.end(), sample_shape.begin(), sample_shape.end());
  return Tensor::from_shape(shape);
}

Tensor expert_starts(Sequential& model, const Labels& targets, const PrototypeSettings& settings,
                     const PrototypeContext& context, Rng& rng) {
  const GaussianMixture& density = *context.density;
  const std::size_t d = density.dimension(), k_count = density.components().size();
  const Shape image_shape(context.mean_image.shape().begin(), context.mean_image.shape().end());
  Tensor means = batch_of(k_count, image_shape);
  for (std::size_t k = 0; k < k_count; ++k) {
    std::copy(density.components()[k].mean.begin(), density.components()[k].mean.end(),
              means.data() + k * d);
  }
  const std::vector<std::vector<std::size_t>> ranked = rank_by_class(model, means);
  model.set_training(false);
  const Tensor logits = model.forward(means);

  std::normal_distribution<float> normal(0.0f, 1.0f);
  Tensor x = batch_of(targets.size(), image_shape);
  for (std::size_t n = 0; n < targets.size(); ++n) {
    const auto c = static_cast<std::size_t>(targets[n]);
    std::size_t own = 1;  // the components classified as c, at least the most c-like one
    while (own < k_count && margin(logits, ranked[c][own], c) >= 0.0f) ++own;
    const std::size_t k = ranked[c][(n % settings.starts) % own];
    for (std::size_t j = 0; j < d; ++j) {
      x.data()[n * d + j] = density.components()[k].mean(j) + settings.start_noise * normal(rng);
    }
  }
  return x;
}

Tensor decoder_starts(Sequential& model, const Labels& targets, const PrototypeSettings& settings,
                      const PrototypeContext& context, Rng& rng) {
  const std::size_t z = context.code_space->code_mean.size();
  const std::size_t candidates = kCodesPerStart * settings.starts;
  std::normal_distribution<float> normal(0.0f, 1.0f);
  Matrix codes = Matrix::from_shape({candidates, z});
  for (float& value : codes) value = normal(rng);
  const std::vector<std::vector<std::size_t>> ranked =
      rank_by_class(model, decode(*context.code_space, codes));
  Tensor u = Tensor::from_shape({targets.size(), z});
  for (std::size_t n = 0; n < targets.size(); ++n) {
    const std::size_t chosen = ranked[static_cast<std::size_t>(targets[n])][n % settings.starts];
    std::copy(codes.data() + chosen * z, codes.data() + (chosen + 1) * z, u.data() + n * z);
  }
  return u;
}

}  // namespace

std::vector<std::vector<std::size_t>> rank_by_class(Sequential& model, const Tensor& images) {
  model.set_training(false);
  const Tensor logits = model.forward(images);
  std::vector<std::vector<std::size_t>> ranked(logits.shape(1));
  for (std::size_t c = 0; c < ranked.size(); ++c) {
    ranked[c].resize(logits.shape(0));
    std::iota(ranked[c].begin(), ranked[c].end(), 0);
    std::stable_sort(ranked[c].begin(), ranked[c].end(), [&](std::size_t a, std::size_t b) {
      return margin(logits, a, c) > margin(logits, b, c);
    });
  }
  return ranked;
}

Tensor random_starts(Sequential& model, const Labels& targets, const PrototypeSettings& settings,
                     const PrototypeContext& context) {
  Rng rng(settings.seed);
  if (settings.method == PrototypeMethod::expert) {
    return expert_starts(model, targets, settings, context, rng);
  }
  if (settings.method == PrototypeMethod::decoder) {
    return decoder_starts(model, targets, settings, context, rng);
  }
  std::normal_distribution<float> normal(0.0f, 1.0f);
  const Shape image_shape(context.mean_image.shape().begin(), context.mean_image.shape().end());
  Tensor x = batch_of(targets.size(), image_shape);
  const std::size_t d = context.mean_image.size();
  for (std::size_t i = 0; i < x.size(); ++i) {
    x.data()[i] = context.mean_image.data()[i % d] + settings.start_noise * normal(rng);
  }
  return x;
}

}  // namespace glassbox::explain
