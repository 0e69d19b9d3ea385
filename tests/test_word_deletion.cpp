// Word deletion (explain/evaluation/word_deletion.hpp): on a linear bag-of-words model every step
// is known by hand (deleting word v lowers f_c by w_vc x_v); only a document's own words are
// deleted; the most negative words go first when asked; token ids are deleted to padding.
//
// Shapes: the linear model takes N×5 word counts; logits N×2. The embedding model takes N×3 ids.
#include <doctest/doctest.h>

#include <memory>

#include "explain/evaluation/word_deletion.hpp"
#include "framework/errors.hpp"
#include "framework/layers/embedding.hpp"
#include "framework/layers/flatten.hpp"
#include "lrp_reference.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_word_deletion {

using namespace glassbox;
using namespace glassbox::explain;
using namespace glassbox::testing;

namespace {

// f_0(x) = 3 x0 − 1 x1 + 2 x2 + 0.5 x3 + 4 x4, f_1(x) = 1.
Sequential bag_of_words_model() {
  Sequential model({5});
  model.add(dense_layer(rows({{3, 0}, {-1, 0}, {2, 0}, {0.5f, 0}, {4, 0}}), values({0, 1})));
  return model;
}

// The relevance of class 0 on a linear model with LRP-0: R_v = w_v0 x_v.
Tensor contributions(const Tensor& counts) {
  const float weights[] = {3, -1, 2, 0.5f, 4};
  Tensor relevance = counts;
  for (std::size_t n = 0; n < counts.shape(0); ++n) {
    for (std::size_t v = 0; v < 5; ++v) relevance(n, v) *= weights[v];
  }
  return relevance;
}

}  // namespace

TEST_CASE("Deleting the most relevant word lowers the score by exactly its contribution") {
  Sequential model = bag_of_words_model();
  // Document 0 holds words 0, 1, 2 once (f_0 = 4); document 1 holds word 3 twice and word 0 once
  // (f_0 = 4). Word 4 (the largest weight) is in neither and must never be "deleted".
  const Tensor counts = rows({{1, 1, 1, 0, 0}, {1, 0, 0, 2, 0}});
  DeletionOptions options;
  options.steps = 4;
  const FlippingCurve curve =
      word_deletion(model, counts, contributions(counts), {0, 0}, {0, 1}, options);
  // Document 0 loses 3 (word 0), 2 (word 2), −1 (word 1): 4, 1, −1, 0, 0.
  // Document 1 loses 3 (word 0), then 1 (word 3): 4, 1, 0, 0, 0.
  const std::vector<double> expected{4.0, 1.0, -0.5, 0.0, 0.0};
  REQUIRE(curve.mean_logit.size() == expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    INFO("step " << k);
    CHECK(curve.mean_logit[k] == doctest::Approx(expected[k]));
    CHECK(curve.regions_flipped[k] == doctest::Approx(static_cast<double>(k)));
  }
  // Class 0 is right while f_0 ≥ 1 (f_1 = 1; a tie goes to class 0, the first maximum).
  const std::vector<double> accuracy{1.0, 1.0, 0.0, 0.0, 0.0};
  for (std::size_t k = 0; k < accuracy.size(); ++k) CHECK(curve.still_predicted[k] == accuracy[k]);
  double drop = 0.0;
  for (const double f : expected) drop += expected[0] - f;
  CHECK(curve.aopc == doctest::Approx(drop / 5.0));
}

TEST_CASE("Most negative first raises the true class's score of a misclassified document") {
  Sequential model = bag_of_words_model();
  // f_0 = −1·3 + 0.5 = −2.5 < f_1 = 1: misclassified as class 1 although it is class 0.
  const Tensor counts = rows({{0, 3, 0, 1, 0}});
  REQUIRE(documents_classified(model, counts, {0}, false) == std::vector<std::size_t>{0});
  REQUIRE(documents_classified(model, counts, {0}, true).empty());
  DeletionOptions options;
  options.order = DeletionOrder::most_negative_first;
  options.steps = 0;  // until no word is left: 2 steps
  const FlippingCurve curve =
      word_deletion(model, counts, contributions(counts), {0}, {0}, options);
  REQUIRE(curve.mean_logit.size() == 3);
  CHECK(curve.mean_logit[0] == doctest::Approx(-2.5));
  CHECK(curve.mean_logit[1] == doctest::Approx(0.5));  // word 1 (R = −3) went first
  CHECK(curve.mean_logit[2] == doctest::Approx(0.0));
  CHECK(curve.aopc < 0.0);  // the score rose: a negative area over the curve
  // The most relevant first would have deleted word 3 (R = 0.5) first.
  options.order = DeletionOrder::most_relevant_first;
  const FlippingCurve other =
      word_deletion(model, counts, contributions(counts), {0}, {0}, options);
  CHECK(other.mean_logit[1] == doctest::Approx(-3.0));
}

TEST_CASE("A random order deletes the same words, and the best order beats it") {
  Sequential model = bag_of_words_model();
  const Tensor counts = random_tensor({30, 5}, 4, 0.0f, 1.0f);
  const Labels classes(30, 0);
  std::vector<std::size_t> all(30);
  for (std::size_t n = 0; n < 30; ++n) all[n] = n;
  DeletionOptions options;
  options.steps = 0;
  const Tensor relevance = contributions(counts);
  const FlippingCurve best = word_deletion(model, counts, relevance, classes, all, options);
  const FlippingCurve random =
      word_deletion(model, counts, random_order(counts, 3), classes, all, options);
  const FlippingCurve worst = word_deletion(model, counts, -relevance, classes, all, options);
  CHECK(best.aopc > random.aopc);
  CHECK(random.aopc > worst.aopc);
  CHECK(best.mean_logit.back() == doctest::Approx(0.0));  // every word gone: f_0 = 0
  CHECK(random.mean_logit.back() == doctest::Approx(0.0));
}

TEST_CASE("Token ids are deleted to padding, whose embedding is zero") {
  Rng rng(1);
  Sequential model({3});
  auto embedding = std::make_unique<Embedding>(4, 1, rng);
  const Tensor& table = embedding->table();
  model.add(std::move(embedding));
  model.add(std::make_unique<Flatten>());
  model.add(dense_layer(rows({{1, 0}, {1, 0}, {1, 0}}), values({0, 0})));
  // f_0 = Σ_t table[id_t]: two words and one padding position.
  const Tensor ids = rows({{2, 3, 0}});
  const float e2 = table(2, 0), e3 = table(3, 0);
  // Relevance puts position 1 first.
  const Tensor relevance = rows({{0.1f, 0.9f, 5.0f}});
  DeletionOptions options;
  options.steps = 0;
  const FlippingCurve curve = word_deletion(model, ids, relevance, {0}, {0}, options);
  REQUIRE(curve.mean_logit.size() == 3);  // the padding position is no word: 2 steps
  CHECK(curve.mean_logit[0] == doctest::Approx(e2 + e3));
  CHECK(curve.mean_logit[1] == doctest::Approx(e2));
  CHECK(curve.mean_logit[2] == doctest::Approx(0.0));
}

TEST_CASE("Word deletion refuses what it cannot do, saying what") {
  Sequential model = bag_of_words_model();
  const Tensor x = rows({{1, 1, 1, 1, 1}});
  CHECK_THROWS_WITH_AS(word_deletion(model, x, rows({{1, 2}}), {0}, {0}),
                       doctest::Contains("relevance of their shape"), ArgumentError);
  CHECK_THROWS_WITH_AS(word_deletion(model, x, x, {7}, {0}), doctest::Contains("not a class"),
                       ArgumentError);
  CHECK_THROWS_WITH_AS(word_deletion(model, x, x, {0}, {}), doctest::Contains("no documents"),
                       ArgumentError);
  CHECK_THROWS_WITH_AS(word_deletion(model, x, x, {0}, {3}), doctest::Contains("document 3 of 1"),
                       ArgumentError);
  DeletionOptions none;
  none.words_per_step = 0;
  CHECK_THROWS_AS(word_deletion(model, x, x, {0}, {0}, none), ArgumentError);
}

TEST_CASE("By outcome: correct documents lose their evidence, misclassified ones gain") {
  Sequential model = bag_of_words_model();
  // Document 0 is right (f_0 = 4 > 1), document 1 wrong (f_0 = −2.5 < 1); both are class 0.
  const Tensor counts = rows({{1, 1, 1, 0, 0}, {0, 3, 0, 1, 0}});
  DeletionOptions options;
  options.steps = 1;
  const DeletionByOutcome curves =
      word_deletion_by_outcome(model, counts, contributions(counts), {0, 0}, options);
  CHECK(curves.correct_documents == 1);
  CHECK(curves.misclassified_documents == 1);
  REQUIRE(curves.correct.mean_logit.size() == 2);
  REQUIRE(curves.misclassified.mean_logit.size() == 2);
  CHECK(curves.correct.mean_logit[1] == doctest::Approx(1.0));        // lost word 0 (3)
  CHECK(curves.misclassified.mean_logit[1] == doctest::Approx(0.5));  // lost word 1 (−3)
  CHECK(curves.misclassified.still_predicted[0] == 0.0);
}

}  // namespace test_word_deletion
