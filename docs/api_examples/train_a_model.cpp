// Train a model: build it from a layer spec, pick an optimizer, train, evaluate.
#include <cstdio>

#include "docs/api_examples/toy_digits.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/make_optimizer.hpp"
#include "framework/training/metrics.hpp"
#include "framework/training/trainer.hpp"

int main() {
  using namespace glassbox;
  const LabeledData train = toy::bars(400, 1), test = toy::bars(100, 2);

  Sequential model = build_model("flatten,dense:32,relu,dense:2", {1, 8, 8}, /*seed=*/7);
  auto optimizer = make_optimizer({"sgd", /*learning_rate=*/0.05f});

  TrainingSettings settings;
  settings.epochs = 5;
  settings.batch_size = 16;
  settings.progress = false;
  settings.schedule = parse_schedule("cosine", settings.epochs);
  const auto history = train_classifier(model, *optimizer, train, &test, settings);

  const ClassificationReport report = evaluate(model, test);
  std::printf("%s\nloss %.3f -> %.3f, test accuracy %.2f\n", model.summary().c_str(),
              history.front().loss, history.back().loss, report.accuracy);
  return report.accuracy > 0.9 ? 0 : 1;
}
