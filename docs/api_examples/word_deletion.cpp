// Word deletion: pixel flipping for text. Delete each document's most relevant words first and
// watch the true class's score fall; delete a misclassified one's most negative words and it rises.
#include <cstdio>
#include <memory>
#include <random>
#include <vector>

#include "explain/evaluation/word_deletion.hpp"
#include "explain/taylor.hpp"
#include "framework/layers/dense.hpp"

int main() {
  using namespace glassbox;
  // A bag-of-words linear model, by hand: f_c(x) = Σ_v w_vc x_v, x_v the count of word v. Its
  // 7 words: goal, team, match (sport, class 0); orbit, rocket, launch (space, class 1); "the".
  Rng rng(1);
  Sequential model({7});
  model.add(std::make_unique<Dense>(7, 2, Initializer::glorot, rng));
  const std::vector<Parameter> parameters = model.parameters();  // weight W (7×2), bias b
  *parameters[0].value = Tensor{{2, -1}, {1, -0.5f}, {1, -1}, {-1, 2}, {-0.5f, 1}, {-1, 1}, {0, 0}};
  *parameters[1].value = xt::zeros<float>({2});

  // 40 documents of 8 words: mostly their own class's words, some of the other's, "the" anywhere.
  Tensor counts = xt::zeros<float>({40, 7});
  Labels classes;
  std::uniform_int_distribution<int> word(0, 2), other(0, 3);
  for (std::size_t n = 0; n < 40; ++n) {
    const int c = static_cast<int>(n % 2);
    classes.push_back(c);
    for (int k = 0; k < 8; ++k) {
      const int pick = other(rng);  // 0: a word of the other class, 1: "the", else its own
      counts(n, pick == 1 ? 6 : 3 * (pick == 0 ? 1 - c : c) + word(rng)) += 1;
    }
  }

  // On a linear model x_v · ∂f_c/∂x_v = w_vc x_v: what each word adds to the true class's score.
  const Tensor relevance = explain::simple_taylor(model, counts, classes).relevance;
  explain::DeletionOptions options;  // one word per step
  options.steps = 6;
  const explain::DeletionByOutcome by_outcome =
      explain::word_deletion_by_outcome(model, counts, relevance, classes, options);
  const explain::FlippingCurve by_chance = explain::word_deletion(
      model, counts, explain::random_order(counts, 1), classes,
      explain::documents_classified(model, counts, classes, /*correct=*/true), options);
  std::printf("AOPC, %zu correct documents: by relevance %.3f, random %.3f\n",
              by_outcome.correct_documents, by_outcome.correct.aopc, by_chance.aopc);
  std::printf("AOPC, %zu misclassified, most negative first: %.3f; accuracy %.2f -> %.2f\n",
              by_outcome.misclassified_documents, by_outcome.misclassified.aopc,
              by_outcome.misclassified.still_predicted.front(),
              by_outcome.misclassified.still_predicted.back());
  return by_outcome.correct.aopc > by_chance.aopc && by_outcome.misclassified.aopc < 0 ? 0 : 1;
}
