// Interrupt and resume: a checkpoint after each epoch; going on from one gives the same weights.
#include <cstdio>
#include <string>

#include <xtensor/xoperation.hpp>

#include "docs/api_examples/toy_digits.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/sgd.hpp"
#include "framework/serialization/checkpoint.hpp"
#include "framework/training/resume.hpp"
#include "framework/training/trainer.hpp"

int main(int argc, char** argv) {
  using namespace glassbox;
  const std::string path = std::string(argc > 1 ? argv[1] : ".") + "/api_example.checkpoint";
  const LabeledData train = toy::bars(200, 1);
  const DenseBatches batches(train);
  TrainingSettings settings;
  settings.epochs = 3;
  settings.progress = false;

  Sequential model = build_model("flatten,dense:16,relu,dense:2", {1, 8, 8}, /*seed=*/6);
  Sgd sgd({0.05f, 0.9f});
  TrainingProgress progress = start_progress(settings.seed, train.size(), 0.05f);
  continue_training(model, sgd, batches, nullptr, settings, progress, [&](const EpochRecord& e) {
    if (e.epoch == 1) save_checkpoint(path, model, sgd, progress, {{"note", "after epoch 1"}});
  });

  // As if the run had stopped after epoch 1: checked against the run, the optimizer state put back.
  Sgd resumed_sgd({0.05f, 0.9f});
  ResumedRun run = resume_run(load_checkpoint(path), resumed_sgd, settings, train.size(), path);
  continue_training(run.model, resumed_sgd, batches, nullptr, settings, run.progress);
  const bool same = run.model.predict(train.inputs) == model.predict(train.inputs);
  std::printf("resumed from %s: same outputs as the uninterrupted run: %s\n", path.c_str(),
              same ? "yes" : "no");
  return same ? 0 : 1;
}
