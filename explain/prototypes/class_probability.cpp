#include "explain/prototypes/class_probability.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "framework/errors.hpp"

namespace glassbox::explain {

ClassLogProbability class_log_probability(Sequential& model, const Tensor& inputs,
                                          const Labels& classes, bool with_gradient) {
  model.set_training(false);
  const Tensor& logits = model.forward(inputs);
  const std::size_t samples = logits.shape(0), k_count = logits.shape(1);
  if (classes.size() != samples) {
    throw ArgumentError("got " + std::to_string(classes.size()) + " classes for " +
                        std::to_string(samples) + " inputs");
  }
  ClassLogProbability result;
  Tensor output_gradient = Tensor::from_shape({samples, k_count});
  for (std::size_t n = 0; n < samples; ++n) {
    if (classes[n] < 0 || static_cast<std::size_t>(classes[n]) >= k_count) {
      throw ArgumentError("class " + std::to_string(classes[n]) + " is not in [0, " +
                          std::to_string(k_count) + ")");
    }
    const float* f = logits.data() + n * k_count;
    const double largest = *std::max_element(f, f + k_count);
    double total = 0.0;
    for (std::size_t k = 0; k < k_count; ++k) total += std::exp(f[k] - largest);
    const double log_normaliser = largest + std::log(total);
    const double log_p = f[classes[n]] - log_normaliser;
    result.log_probabilities.push_back(log_p);
    result.probabilities.push_back(std::exp(log_p));
    // d log p(c|x) / d f_k = δ_ck − p(k|x).
    for (std::size_t k = 0; k < k_count; ++k) {
      const double p_k = std::exp(f[k] - log_normaliser);
      output_gradient(n, k) = static_cast<float>((static_cast<int>(k) == classes[n]) - p_k);
    }
  }
  if (with_gradient) {
    result.gradient = model.backward(output_gradient);
    model.zero_gradients();
  }
  return result;
}

}  // namespace glassbox::explain
