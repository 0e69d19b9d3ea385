// Tutorial 3: interpretation versus explanation. A linear model's weights can be read as one
// template per class; a deep network's cannot, and its local linear model changes from input to
// input, which is why explanations are made per input (tutorials/03_interpretation_vs_explanation/
// README.md walks through it).
//
// Writes templates.png (each class's mean training image and the softmax regression's weights),
// hidden_units.png (the first-layer weights of 16 hidden units of the MLP) and local_weights.png
// (∂f_c/∂x at six test digits of one class, for both models), and prints both accuracies.
//
// Shapes: images N×1×28×28 in [0, 1]; softmax regression W 784×10; the MLP's first layer W
// 784×256; a template or a unit's weights is one column of W, drawn as 28×28.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <xtensor/xnoalias.hpp>
#include <xtensor/xview.hpp>

#include "explain/gradient.hpp"
#include "explain/render/map_rows.hpp"
#include "framework/layers/dense.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/sgd.hpp"
#include "framework/presets.hpp"
#include "framework/training/metrics.hpp"
#include "framework/training/trainer.hpp"
#include "tutorials/common/promise_text.hpp"
#include "tutorials/common/tutorial_support.hpp"

using namespace glassbox;
using render::MapStyle;

namespace {

// Column `k` of a 784×K weight matrix, as the 28×28 image of the weights it gives each pixel.
Tensor column_as_image(const Tensor& weight, std::size_t k) {
  Tensor column = xt::view(weight, xt::all(), k);
  column.reshape({28, 28});
  return column;
}

// SGD with momentum 0.9 and the cosine schedule, as the presets train, for `epochs`, with an
// optional L2 weight decay.
void train(Sequential& model, const LabeledData& data, int epochs, float weight_decay = 0.0f) {
  Sgd optimizer(SgdSettings{0.05f, 0.9f, false, weight_decay});
  TrainingSettings settings;
  settings.epochs = epochs;
  settings.schedule = parse_schedule("cosine", epochs);
  train_classifier(model, optimizer, data, nullptr, settings, [](const EpochRecord& epoch) {
    std::printf("  epoch %d: loss %.4f, training accuracy %.2f%%\n", epoch.epoch, epoch.loss,
                100.0 * epoch.train_accuracy);
  });
}

// The cosine of the angle between two maps: 1 when they point the same way.
double cosine(const Tensor& a, const Tensor& b) {
  double dot = 0.0, aa = 0.0, bb = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    dot += double(a.data()[i]) * b.data()[i];
    aa += double(a.data()[i]) * a.data()[i];
    bb += double(b.data()[i]) * b.data()[i];
  }
  return dot / std::sqrt(aa * bb);
}

// The mean cosine over all pairs of maps.
double mean_pairwise_cosine(const std::vector<Tensor>& maps) {
  double sum = 0.0;
  int pairs = 0;
  for (std::size_t i = 0; i < maps.size(); ++i) {
    for (std::size_t j = i + 1; j < maps.size(); ++j, ++pairs) sum += cosine(maps[i], maps[j]);
  }
  return sum / pairs;
}

void lesson(const tutorials::TutorialRun& run) {
  const tutorials::Mnist data = tutorials::load_mnist_for_tutorial(run.choose(60000, 5000));
  std::vector<std::string> digits;
  for (int c = 0; c < 10; ++c) digits.push_back(std::to_string(c));

  // Step 1: softmax regression, f_c(x) = Σ_i w_ic x_i + b_c. Its loss is convex, so it needs no
  // random start: from zero, every weight is what the data made it. A little weight decay keeps
  // the weights of rarely lit pixels small, which makes the templates smoother (and costs about
  // one point of accuracy: try 0).
  std::printf("softmax regression, flatten,dense:10:\n");
  Sequential linear = build_model("flatten,dense:10", {1, 28, 28}, /*seed=*/1);
  for (const Parameter& parameter : linear.parameters()) parameter.value->fill(0.0f);
  const float weight_decay = 5e-3f;
  train(linear, data.train, run.choose(10, 2), weight_decay);
  const double linear_accuracy = evaluate(linear, data.test).accuracy;

  // Step 2: its ten columns of weights beside the mean training image of each class.
  const Tensor& w = dynamic_cast<const Dense&>(linear.layer(1)).weight();  // 784×10
  std::vector<Tensor> means(10, Tensor(xt::zeros<float>({28, 28}))), templates;
  std::vector<int> counts(10, 0);
  for (std::size_t n = 0; n < data.train.size(); ++n) {
    const auto c = static_cast<std::size_t>(data.train.labels[n]);
    xt::noalias(means[c]) += xt::view(data.train.inputs, n, 0);
    ++counts[c];
  }
  for (std::size_t c = 0; c < 10; ++c) {
    means[c] /= static_cast<float>(counts[c]);
    templates.push_back(column_as_image(w, c));
  }
  render::MapRowsOptions options;
  render::write_map_rows_png(run.folder() + "templates.png",
                             {{"mean image", means, digits, MapStyle::intensities},
                              {"weights w_c", templates, digits, MapStyle::signed_values}},
                             options);

  // Step 3: the reference MLP, and the weights its first 16 hidden units give each pixel.
  std::printf("the reference MLP, %s:\n", find_preset("mlp").layers.c_str());
  Sequential mlp = build_model(find_preset("mlp").layers, {1, 28, 28}, /*seed=*/1);
  train(mlp, data.train, run.choose(5, 2));
  const double mlp_accuracy = evaluate(mlp, data.test).accuracy;
  const Tensor& w1 = dynamic_cast<const Dense&>(mlp.layer(1)).weight();  // 784×256
  std::vector<render::MapRow> units;
  for (std::size_t first = 0; first < 16; first += 8) {
    render::MapRow row{first == 0 ? "hidden units" : "", {}, {}, MapStyle::signed_values};
    for (std::size_t k = first; k < first + 8; ++k) {
      row.maps.push_back(column_as_image(w1, k));
      row.captions.push_back(std::to_string(k + 1));
    }
    units.push_back(std::move(row));
  }
  render::write_map_rows_png(run.folder() + "hidden_units.png", units, options);

  // Step 4: each model's local linear model, ∂f_c/∂x, at six test digits of class 3. For the
  // linear model it is w_3 wherever x is; for the MLP it changes with x.
  const int c = 3;
  std::vector<std::size_t> threes;
  for (std::size_t n = 0; n < data.test.size() && threes.size() < 6; ++n) {
    if (data.test.labels[n] == c) threes.push_back(n);
  }
  LabeledData examples;
  gather_batch(data.test, threes, 0, threes.size(), examples.inputs, examples.labels);
  const Labels targets(threes.size(), c);
  const Tensor linear_gradient = explain::logit_gradient(linear, examples.inputs, targets).gradient;
  const Tensor mlp_gradient = explain::logit_gradient(mlp, examples.inputs, targets).gradient;
  std::vector<render::MapRow> local{{"input", {}, {}, MapStyle::intensities},
                                    {"linear", {}, {}, MapStyle::signed_values},
                                    {"MLP", {}, {}, MapStyle::signed_values}};
  for (std::size_t n = 0; n < threes.size(); ++n) {
    local[0].maps.push_back(xt::view(examples.inputs, n, 0));
    local[1].maps.push_back(xt::view(linear_gradient, n, 0));
    local[2].maps.push_back(xt::view(mlp_gradient, n, 0));
  }
  render::write_map_rows_png(run.folder() + "local_weights.png", local, options);

  // The numbers the page states.
  const double linear_agreement = mean_pairwise_cosine(local[1].maps);
  const double mlp_agreement = mean_pairwise_cosine(local[2].maps);
  std::printf("df_3/dx at six 3s, mean cosine between pairs: linear %.4f, MLP %.2f\n",
              linear_agreement, mlp_agreement);
  double largest = 0.0;
  for (std::size_t i = 0; i < linear_gradient.size(); ++i) {
    const float template_weight = templates[c].data()[i % (28 * 28)];
    largest = std::max(largest, double(std::abs(linear_gradient.data()[i] - template_weight)));
  }
  run.promise(largest < 1e-6, tutorials::formatted("the linear model's gradient is its template "
                                                   "w_3 at every input (largest difference %.1e)",
                                                   largest));
  run.promise(mlp_agreement < 0.9,
              tutorials::formatted("the MLP's gradient changes from one 3 to the next (mean "
                                   "cosine %.2f < 0.9)",
                                   mlp_agreement));
  tutorials::promise_test_accuracy(run, "softmax regression", linear_accuracy,
                                   run.choose(0.90, 0.85));
  tutorials::promise_test_accuracy(run, "the MLP", mlp_accuracy, run.choose(0.975, 0.90));
  std::printf("figures written to %s{templates,hidden_units,local_weights}.png\n",
              run.folder().c_str());
}

}  // namespace

int main(int argc, char** argv) {
  return tutorials::run_tutorial(argc, argv, "03_interpretation_vs_explanation", lesson);
}
