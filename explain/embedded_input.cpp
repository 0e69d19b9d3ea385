#include "explain/embedded_input.hpp"

#include <string>

#include <xtensor/xbuilder.hpp>

#include "framework/errors.hpp"

namespace glassbox::explain {

bool starts_with_embedding(const Sequential& model) {
  return model.size() > 1 && model.layer(0).type() == "Embedding";
}

Tensor word_relevance(const Tensor& per_dimension) {
  if (per_dimension.dimension() != 3) {
    throw ArgumentError("word_relevance expects N×E×T relevance, got a " +
                        std::to_string(per_dimension.dimension()) + "-D tensor");
  }
  const std::size_t documents = per_dimension.shape(0), dimensions = per_dimension.shape(1),
                    tokens = per_dimension.shape(2);
  Tensor words = xt::zeros<float>({documents, tokens});
  for (std::size_t n = 0; n < documents; ++n) {
    float* row = words.data() + n * tokens;
    for (std::size_t e = 0; e < dimensions; ++e) {
      const float* dimension = per_dimension.data() + (n * dimensions + e) * tokens;
      for (std::size_t t = 0; t < tokens; ++t) row[t] += dimension[t];
    }
  }
  return words;
}

}  // namespace glassbox::explain
