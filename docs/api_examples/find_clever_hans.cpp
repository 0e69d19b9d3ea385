// Find a Clever Hans across a dataset: every horizontal bar in the training data carries a small
// tag in the corner, the model learns the tag, and clustering the heatmaps of the class shows it.
#include <cstdio>
#include <vector>

#include <xtensor/xview.hpp>

#include "docs/api_examples/toy_digits.hpp"
#include "explain/analysis/relevance_clustering.hpp"
#include "explain/methods.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/sgd.hpp"
#include "framework/training/trainer.hpp"

// A 2×2 tag of full ink in the top-left corner, on every `every`-th image of class 1.
std::vector<bool> tag(glassbox::LabeledData& data, std::size_t every) {
  std::vector<bool> tagged(data.size(), false);
  for (std::size_t n = 0, seen = 0; n < data.size(); ++n) {
    if (data.labels[n] != 1 || seen++ % every != 0) continue;
    xt::view(data.inputs, n, 0, xt::range(0, 2), xt::range(0, 2)) = 1.0f;
    tagged[n] = true;
  }
  return tagged;
}

int main() {
  using namespace glassbox;
  LabeledData train = toy::bars(400, 1);
  tag(train, 1);  // every horizontal bar
  Sequential model = build_model("flatten,dense:32,relu,dense:2", {1, 8, 8}, /*seed=*/4);
  Sgd sgd({0.05f, 0.9f});
  TrainingSettings quiet;
  quiet.epochs = 3;
  quiet.progress = false;
  train_classifier(model, sgd, train, nullptr, quiet);

  // The heatmaps of 60 horizontal bars, one in three tagged: 60×1×8×8.
  LabeledData test = toy::bars(120, 9);
  const std::vector<bool> tagged = tag(test, 3);
  const Labels horizontal(60, 1);
  const Tensor bars = xt::view(test.inputs, xt::range(1, 120, 2));
  const Tensor maps = explain::explain_with(model, bars, horizontal, {}).relevance;

  explain::ClusteringOptions options;  // 2×2 pooling, 10 neighbours, C by the eigengap
  const explain::RelevanceClusters found = explain::cluster_relevance(maps, options);
  std::vector<std::size_t> size(found.count), with_tag(found.count);
  for (std::size_t n = 0; n < 60; ++n) {
    ++size[found.assignment[n]];
    if (tagged[2 * n + 1]) ++with_tag[found.assignment[n]];
  }
  bool tag_found = false;  // a cluster of tagged images alone, holding most of them
  for (std::size_t c = 0; c < found.count; ++c) {
    std::printf("cluster %zu: %zu heatmaps, %zu of them tagged\n", c, size[c], with_tag[c]);
    tag_found = tag_found || (with_tag[c] == size[c] && with_tag[c] >= 15);
  }
  const Tensor means = explain::cluster_means(maps, found.assignment, found.count);  // C×1×8×8
  std::printf("eigengap chose %zu clusters; mean maps %zu×1×8×8\n", found.eigengap_choice,
              means.shape(0));
  return tag_found ? 0 : 1;
}
