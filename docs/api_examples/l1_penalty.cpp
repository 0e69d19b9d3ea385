// An L1 penalty around any optimizer: the weights the data does not need end at exactly 0.
#include <cstdio>

#include <xtensor/xoperation.hpp>
#include <xtensor/xreducer.hpp>

#include "docs/api_examples/toy_digits.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/l1_proximal.hpp"
#include "framework/optimizers/make_optimizer.hpp"
#include "framework/training/metrics.hpp"
#include "framework/training/trainer.hpp"

int main() {
  using namespace glassbox;
  const LabeledData train = toy::bars(400, 1), test = toy::bars(100, 2);
  TrainingSettings settings;
  settings.epochs = 5;
  settings.progress = false;

  std::size_t zeros[2] = {0, 0};
  double accuracy[2] = {0, 0};
  const float lambdas[2] = {0.0f, 0.05f};
  for (int run = 0; run < 2; ++run) {
    Sequential model = build_model("flatten,dense:16,relu,dense:2", {1, 8, 8}, /*seed=*/7);
    // Each step: SGD's update from the loss alone, then every weight shrunk towards 0 by η·λ.
    L1Proximal optimizer(make_optimizer({"sgd", /*learning_rate=*/0.05f}), lambdas[run]);
    train_classifier(model, optimizer, train, nullptr, settings);

    std::size_t weights = 0;
    for (const Parameter& parameter : model.parameters()) {
      if (parameter.name != "weight") continue;  // biases are not penalised
      weights += parameter.value->size();
      zeros[run] += xt::sum(xt::equal(*parameter.value, 0.0f))();
    }
    accuracy[run] = evaluate(model, test).accuracy;
    std::printf("lambda %.2f: %zu of %zu weights exactly 0, test accuracy %.2f\n", lambdas[run],
                zeros[run], weights, accuracy[run]);
  }
  return zeros[1] > zeros[0] + 100 && accuracy[1] > 0.9 ? 0 : 1;
}
