// Continuity: do nearly equal inputs get nearly equal explanations? C(σ) is the mean relative
// change of the heatmap when noise of size σ is added, for methods by name or an explanation of
// your own.
#include <cstdio>
#include <utility>

#include "docs/api_examples/toy_digits.hpp"
#include "explain/evaluation/continuity.hpp"
#include "explain/taylor.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/sgd.hpp"
#include "framework/training/trainer.hpp"

int main() {
  using namespace glassbox;
  Sequential model = build_model("flatten,dense:32,relu,dense:2", {1, 8, 8}, /*seed=*/4);
  Sgd sgd({0.05f, 0.9f});
  TrainingSettings quiet;
  quiet.epochs = 3;
  quiet.progress = false;
  train_classifier(model, sgd, toy::bars(400, 1), nullptr, quiet);
  const Tensor digits = toy::bars(20, 9).inputs;

  explain::ContinuityOptions options;      // σ = 0.01 … 0.2, 4 noise draws per digit
  options.clip = true;                     // x + σε kept in [0, 1], the pixels zᴮ expects
  explain::MethodChoice sensitivity, lrp;  // lrp: the default, epsilon-plus-zbox
  sensitivity.method = "sensitivity";
  const explain::ContinuityCurve by_sensitivity =
      explain::continuity(model, digits, sensitivity, options);
  const explain::ContinuityCurve by_lrp = explain::continuity(model, digits, lrp, options);

  // Any explanation of a batch, as long as it explains the same class at x and at x + σε.
  const explain::Explainer taylor_of_vertical = [&](const Tensor& batch) {
    return explain::simple_taylor(model, batch, Labels(batch.shape(0), 0)).relevance;
  };
  const explain::ContinuityCurve by_own = explain::continuity(taylor_of_vertical, digits, options);

  // A small change of the input should change the heatmap less than a large one.
  bool rising = true;
  for (const auto& [name, curve] :
       {std::pair{"sensitivity", by_sensitivity}, {"LRP", by_lrp}, {"own", by_own}}) {
    std::printf("%-12s C(sigma) =", name);
    for (const double change : curve.mean_change) std::printf(" %.3f", change);
    std::printf("  (sigma 0.01 ... 0.2; largest at 0.01: %.3f)\n", curve.largest.front());
    rising = rising && curve.mean_change.front() < curve.mean_change.back();
  }
  return rising ? 0 : 1;
}
