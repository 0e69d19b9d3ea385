// What a class looks like to a model: activation maximization, the "simple" way.
#include <cstdio>

#include <xtensor/xreducer.hpp>
#include <xtensor/xview.hpp>

#include "docs/api_examples/toy_digits.hpp"
#include "explain/prototypes/prototypes.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/sgd.hpp"
#include "framework/training/trainer.hpp"

int main() {
  using namespace glassbox;
  const LabeledData train = toy::bars(400, 1);
  Sequential model = build_model("flatten,dense:32,relu,dense:2", {1, 8, 8}, /*seed=*/4);
  Sgd sgd({0.05f, 0.9f});
  TrainingSettings quiet;
  quiet.epochs = 3;
  quiet.progress = false;
  train_classifier(model, sgd, train, nullptr, quiet);

  explain::PrototypeSettings settings;  // simple: max log p(c|x) − λ‖x − x̄‖², 4 starts
  settings.starts = 2;
  settings.iterations = 100;
  explain::PrototypeContext context;
  context.mean_image = xt::mean(train.inputs, {0});  // x̄, 1×8×8
  const auto found = explain::find_prototypes(model, {0, 1}, settings, context);
  for (const explain::Prototype& prototype : found)
    std::printf("class %d start %zu: p(c|x*) = %.3f\n", prototype.target, prototype.start,
                prototype.probability);
  return found.size() == 4 && found.back().probability > 0.9 ? 0 : 1;
}
