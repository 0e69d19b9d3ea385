#include "explain/text_relevance.hpp"

#include <algorithm>
#include <map>

#include "framework/errors.hpp"

namespace glassbox::explain {

Tensor word_relevance(const Tensor& relevance, std::size_t n,
                      const std::vector<int>& word_features) {
  const std::size_t features = relevance.size() / relevance.shape(0);
  const float* row = relevance.data() + n * features;
  std::map<int, int> fillers;  // c_i: how many words filled feature i
  for (const int feature : word_features) {
    if (feature < -1 || feature >= static_cast<int>(features)) {
      throw ArgumentError("word_relevance: feature " + std::to_string(feature) +
                          " is outside the " + std::to_string(features) + " inputs of a document");
    }
    ++fillers[feature];
  }
  Tensor result = Tensor::from_shape({word_features.size()});
  for (std::size_t k = 0; k < word_features.size(); ++k) {
    const int feature = word_features[k];
    result(k) = feature < 0 ? 0.0f : row[feature] / static_cast<float>(fillers[feature]);
  }
  return result;
}

std::vector<std::pair<std::string, float>> strongest_words(const std::vector<std::string>& words,
                                                           const Tensor& word_relevance,
                                                           std::size_t count, bool most_positive) {
  std::map<std::string, float> totals;
  for (std::size_t k = 0; k < words.size(); ++k) totals[words[k]] += word_relevance.data()[k];
  std::vector<std::pair<std::string, float>> ranked;
  for (const auto& entry : totals) {
    if (most_positive ? entry.second > 0.0f : entry.second < 0.0f) ranked.push_back(entry);
  }
  std::sort(ranked.begin(), ranked.end(), [&](const auto& a, const auto& b) {
    return most_positive ? a.second > b.second : a.second < b.second;
  });
  if (ranked.size() > count) ranked.resize(count);
  return ranked;
}

}  // namespace glassbox::explain
