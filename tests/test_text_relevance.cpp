// Word relevance (explain/text_relevance.hpp): each word's share of the relevance of the input it
// filled, per position for token ids and per vocabulary word for tf-idf, worked out by hand; and
// the strongest words of a document.
#include <doctest/doctest.h>

#include <xtensor/xmath.hpp>

#include "explain/text_relevance.hpp"
#include "framework/errors.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_text_relevance {

using namespace glassbox;
using namespace glassbox::explain;

TEST_CASE("Token ids: word k gets the relevance of position k; words past the length get 0") {
  // Two documents of T = 3 positions; the second has 4 words, one past the sequence length.
  const Tensor relevance{{0.5f, -0.25f, 1.0f}, {2.0f, 0.0f, -1.0f}};
  CHECK(word_relevance(relevance, 1, {0, 1, 2, -1}) == Tensor{2.0f, 0.0f, -1.0f, 0.0f});
  CHECK(word_relevance(relevance, 0, {0, 1}) == Tensor{0.5f, -0.25f});
}

TEST_CASE("Vocabulary features: a word's relevance is shared among its occurrences") {
  // V = 4 words; the document reads w2 w0 w2 x w2 (x outside the vocabulary): R_2 = 0.9 splits
  // three ways, R_0 goes to its one occurrence, and the words add up to R_0 + R_2.
  const Tensor relevance{{0.3f, 5.0f, 0.9f, -7.0f}};
  const Tensor words = word_relevance(relevance, 0, {2, 0, 2, -1, 2});
  CHECK(xt::allclose(words, Tensor{0.3f, 0.3f, 0.3f, 0.0f, 0.3f}));
  CHECK(xt::sum(words)() == doctest::Approx(0.3 + 0.9));
}

TEST_CASE("A feature index outside the document's inputs is an error") {
  const Tensor relevance{{0.3f, 5.0f}};
  CHECK_THROWS_WITH_AS(word_relevance(relevance, 0, {0, 2}), doctest::Contains("feature 2"),
                       ArgumentError);
  CHECK_THROWS_AS(word_relevance(relevance, 0, {-2}), ArgumentError);
}

TEST_CASE("The strongest words count each word once, with its occurrences' total") {
  const std::vector<std::string> words{"orbit", "the", "orbit", "hockey", "nasa", "the"};
  const Tensor relevance{0.25f, 0.0f, 0.5f, -0.5f, 0.5f, -0.1f};
  const auto for_class = strongest_words(words, relevance, 2, true);
  REQUIRE(for_class.size() == 2);
  CHECK(for_class[0].first == "orbit");
  CHECK(for_class[0].second == doctest::Approx(0.75));
  CHECK(for_class[1].first == "nasa");
  const auto against = strongest_words(words, relevance, 10, false);
  REQUIRE(against.size() == 2);
  CHECK(against[0].first == "hockey");
  CHECK(against[1].first == "the");
}

}  // namespace test_text_relevance
