// Tutorial 1: your first network. Tensors and their shapes, a Dense layer's forward and backward
// pass, ReLU, softmax cross-entropy, SGD with momentum and the training step that joins them;
// every derivative checked against finite differences; then the reference MLP trained on MNIST
// while its learning curves are recorded (tutorials/01_first_network/README.md walks through it).
//
// Writes learning_curves.png (loss and accuracy per epoch, training and validation) and prints
// the shapes, the gradient check's largest error and the accuracies it promises.
//
// Shapes: images N×1×28×28 in [0, 1]; labels N; logits N×10.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "datasets/mnist.hpp"
#include "explain/render/line_plot.hpp"
#include "explain/render/png.hpp"
#include "framework/losses/softmax_cross_entropy.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/sgd.hpp"
#include "framework/presets.hpp"
#include "framework/shape.hpp"
#include "framework/training/metrics.hpp"
#include "framework/training/trainer.hpp"
#include "tutorials/common/promise_text.hpp"
#include "tutorials/common/tutorial_support.hpp"

using namespace glassbox;

namespace {

// The largest |numeric − analytic| over every derivative of the loss L(x, θ) of a small model: the
// backward pass's dL/dθ for every weight and bias and dL/dx for every input, each against the
// central difference (L(v + h) − L(v − h)) / 2h with that one number v moved by ±h.
double largest_gradient_error(Sequential& model, Tensor x, const Labels& y, float h) {
  SoftmaxCrossEntropy loss;
  auto loss_at_x = [&] { return static_cast<double>(loss.forward(model.forward(x), y)); };
  loss_at_x();
  model.zero_gradients();
  const Tensor input_gradient = model.backward(loss.backward());
  // Every number the loss depends on, beside the derivative the backward pass gave it.
  std::vector<std::pair<Tensor*, Tensor>> checked{{&x, input_gradient}};
  for (const Parameter& parameter : model.parameters()) {
    checked.emplace_back(parameter.value, *parameter.gradient);
  }
  double largest = 0.0;
  for (auto& [values, analytic] : checked) {
    for (std::size_t i = 0; i < values->size(); ++i) {
      const float saved = values->data()[i];
      values->data()[i] = saved + h;
      const double plus = loss_at_x();
      values->data()[i] = saved - h;
      const double minus = loss_at_x();
      values->data()[i] = saved;
      largest = std::max(largest, std::abs((plus - minus) / (2.0 * h) - analytic.data()[i]));
    }
  }
  return largest;
}

// Loss and accuracy per epoch, training and validation, as the figure draws them.
struct LearningCurves {
  std::vector<double> epochs, training_loss, validation_loss, training_accuracy,
      validation_accuracy;  // accuracies in %
};

// Two plots side by side, loss on the left and accuracy on the right.
void write_learning_curves(const std::string& path, const LearningCurves& curves) {
  render::LinePlotOptions options;
  options.x_label = "epoch";
  options.plot_width = 360;
  options.plot_height = 240;
  options.title = "loss (cross-entropy)";
  const render::RgbImage loss =
      render::render_line_plot(curves.epochs,
                               {{"training", curves.training_loss, render::series_color(0)},
                                {"validation", curves.validation_loss, render::series_color(1)}},
                               options);
  options.title = "accuracy (%)";
  const render::RgbImage accuracy = render::render_line_plot(
      curves.epochs,
      {{"training", curves.training_accuracy, render::series_color(0)},
       {"validation", curves.validation_accuracy, render::series_color(1)}},
      options);
  render::RgbImage figure = render::blank_image(std::max(loss.shape(0), accuracy.shape(0)),
                                                loss.shape(1) + accuracy.shape(1));
  render::paste(figure, loss, 0, 0);
  render::paste(figure, accuracy, 0, loss.shape(1));
  render::write_png(path, figure);
}

void lesson(const tutorials::TutorialRun& run) {
  // Step 1: tensors and shapes. MNIST's training images, split into training and validation.
  const std::size_t training_size = run.choose<std::size_t>(55000, 5000);
  const std::size_t validation_size = run.choose<std::size_t>(5000, 1000);
  const tutorials::Mnist mnist =
      tutorials::load_mnist_for_tutorial(training_size + validation_size);
  const LabeledData training = slice(mnist.train, 0, training_size);
  const LabeledData validation = slice(mnist.train, training_size, training_size + validation_size);
  std::printf("training images %s, labels %zu; validation %s; test %s\n",
              shape_to_string(shape_of(training.inputs)).c_str(), training.labels.size(),
              shape_to_string(shape_of(validation.inputs)).c_str(),
              shape_to_string(shape_of(mnist.test.inputs)).c_str());
  const Preset& preset = find_preset("mlp");
  Sequential model = build_model(preset.layers, {1, 28, 28}, /*seed=*/1);
  std::printf("the reference MLP, %s:\n%s", preset.layers.c_str(), model.summary().c_str());

  // Step 2: check every derivative of a small Dense + ReLU + Dense network and its loss.
  Sequential small = build_model("dense:5,relu,dense:3", {4}, /*seed=*/7);
  Rng rng(7);
  std::normal_distribution<float> normal;
  std::uniform_int_distribution<int> label(0, 2);
  Tensor x = Tensor::from_shape({8, 4});
  for (float& value : x) value = normal(rng);
  Labels y(8);
  for (int& value : y) value = label(rng);
  const double error = largest_gradient_error(small, x, y, 1e-3f);
  std::printf(
      "gradient check: largest |numeric - analytic| = %.2g over %zu parameters and %zu "
      "inputs\n",
      error, small.parameter_count(), x.size());
  run.promise(error < 1e-3, tutorials::formatted("every derivative of the small network agrees "
                                                 "with its finite difference to 1e-3 (largest "
                                                 "error %.1e)",
                                                 error));

  // Step 3: train the reference MLP with the preset's settings, recording the learning curves.
  Sgd optimizer(SgdSettings{preset.learning_rate, preset.momentum, false, 0.0f});
  TrainingSettings settings;
  settings.epochs = run.choose(preset.epochs, 2);
  settings.batch_size = preset.batch_size;
  settings.schedule = parse_schedule(preset.schedule, settings.epochs);
  LearningCurves curves;
  train_classifier(model, optimizer, training, nullptr, settings, [&](const EpochRecord& epoch) {
    const Tensor logits = model.predict(validation.inputs);
    model.set_training(true);  // predict switched to evaluation mode; the next epoch trains
    SoftmaxCrossEntropy loss;
    const double validation_loss = loss.forward(logits, validation.labels);
    const double validation_accuracy =
        classification_report(predicted_classes(logits), validation.labels, 10).accuracy;
    curves.epochs.push_back(epoch.epoch);
    curves.training_loss.push_back(epoch.loss);
    curves.validation_loss.push_back(validation_loss);
    curves.training_accuracy.push_back(100.0 * epoch.train_accuracy);
    curves.validation_accuracy.push_back(100.0 * validation_accuracy);
    std::printf(
        "epoch %2d: learning rate %.4f | training loss %.4f, accuracy %.2f%% | validation "
        "loss %.4f, accuracy %.2f%% | %.1f s\n",
        epoch.epoch, epoch.learning_rate, epoch.loss, 100.0 * epoch.train_accuracy, validation_loss,
        100.0 * validation_accuracy, epoch.seconds);
  });
  write_learning_curves(run.folder() + "learning_curves.png", curves);

  // Step 4: the test set, seen once, at the end.
  const double accuracy = evaluate(model, mnist.test).accuracy;
  tutorials::promise_test_accuracy(run, "the MLP", accuracy, run.choose(0.975, 0.90));
  std::printf("figure written to %slearning_curves.png\n", run.folder().c_str());
}

}  // namespace

int main(int argc, char** argv) {
  return tutorials::run_tutorial(argc, argv, "01_first_network", lesson);
}
