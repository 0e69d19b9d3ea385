// Tutorial 2: convolutions. The reference CNN trained on MNIST; its convolutions computed twice
// on one batch, by im2col + GEMM (what the layer does) and by the loops of the definition
// (conv2d_naive), checked equal and timed; max-pooling's shapes; the first layer's filters and
// one digit's feature maps drawn (tutorials/02_convolutions/README.md walks through it).
//
// Writes filters.png (the 16 filters of the first convolution) and feature_maps.png (one test
// digit after each convolution and pooling), and prints the timings and the test accuracy.
//
// Shapes: images N×1×28×28 in [0, 1]; conv 1 16×1×5×5 → N×16×28×28, pooled N×16×14×14;
// conv 2 32×16×5×5 → N×32×14×14, pooled N×32×7×7.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <xtensor/xview.hpp>

#include "explain/render/map_rows.hpp"
#include "framework/blas.hpp"
#include "framework/layers/conv2d.hpp"
#include "framework/layers/conv2d_naive.hpp"
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

// The fastest of `repeats` runs of `work`, in milliseconds.
template <typename Work>
double best_milliseconds(int repeats, const Work& work) {
  double best = 1e300;
  for (int repeat = 0; repeat < repeats; ++repeat) {
    const auto start = std::chrono::steady_clock::now();
    work();
    best = std::min(
        best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                  .count());
  }
  return best;
}

// The largest |a − b| relative to the largest |b| (at least 1).
double relative_difference(const Tensor& a, const Tensor& b) {
  double difference = 0.0, scale = 1.0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    difference = std::max(difference, std::abs(double(a.data()[i]) - b.data()[i]));
    scale = std::max(scale, std::abs(double(b.data()[i])));
  }
  return difference / scale;
}

// Computes one convolution layer of `model` on `x` both ways; prints the times, promises that
// they agree.
void compare_with_naive(const tutorials::TutorialRun& run, const Conv2d& layer, const Tensor& x,
                        const std::string& name) {
  const WindowGeometry geometry =
      conv2d_geometry(x, layer.weight(), layer.settings().stride, layer.settings().padding);
  Tensor fast, naive;
  Conv2dWorkspace workspace;
  const double fast_ms = best_milliseconds(
      5, [&] { conv2d_forward(x, layer.weight(), layer.bias(), geometry, fast, workspace); });
  const double naive_ms = best_milliseconds(
      2, [&] { conv2d_forward_naive(x, layer.weight(), layer.bias(), geometry, naive); });
  std::printf(
      "%s: %s -> %s, im2col matrix %zu x %zu per image; im2col + GEMM %.2f ms, naive "
      "loops %.1f ms (%.0fx)\n",
      name.c_str(), shape_to_string(shape_of(x)).c_str(), shape_to_string(shape_of(fast)).c_str(),
      geometry.patch_size(), geometry.output_pixels(), fast_ms, naive_ms, naive_ms / fast_ms);
  const double difference = relative_difference(fast, naive);
  run.promise(difference < 1e-5,
              tutorials::formatted("%s: im2col + GEMM equals the naive loops to 1e-5 (largest "
                                   "difference %.1e)",
                                   name.c_str(), difference));
}

// The maps of channels [first, first + count) of one sample of an N×C×H×W batch.
std::vector<Tensor> channels(const Tensor& batch, std::size_t first, std::size_t count) {
  std::vector<Tensor> maps;
  for (std::size_t c = first; c < first + count; ++c) maps.push_back(xt::view(batch, 0, c));
  return maps;
}

std::vector<std::string> numbers(std::size_t first, std::size_t count) {
  std::vector<std::string> captions;
  for (std::size_t k = first; k < first + count; ++k) captions.push_back(std::to_string(k + 1));
  return captions;
}

void lesson(const tutorials::TutorialRun& run) {
  // Step 1: the reference CNN with the preset's settings.
  const Preset& preset = find_preset("cnn");
  const tutorials::Mnist data = tutorials::load_mnist_for_tutorial(run.choose(60000, 3000));
  Sequential model = build_model(preset.layers, {1, 28, 28}, /*seed=*/1);
  std::printf("the reference CNN, %s:\n%s", preset.layers.c_str(), model.summary().c_str());
  Sgd optimizer(SgdSettings{preset.learning_rate, preset.momentum, false, 0.0f});
  TrainingSettings settings;
  settings.epochs = run.choose(2, 1);
  settings.batch_size = preset.batch_size;
  settings.schedule = parse_schedule(preset.schedule, settings.epochs);
  train_classifier(model, optimizer, data.train, nullptr, settings, [](const EpochRecord& epoch) {
    std::printf("epoch %d: loss %.4f, training accuracy %.2f%%, %.1f s\n", epoch.epoch, epoch.loss,
                100.0 * epoch.train_accuracy, epoch.seconds);
  });

  // Step 2: both convolutions on one batch of 64 test digits, by im2col + GEMM and by the loops.
  const Tensor batch = xt::view(data.test.inputs, xt::range(0, 64));
  model.forward(batch);  // each layer now holds its input for this batch
  const auto& conv1 = dynamic_cast<const Conv2d&>(model.layer(0));
  const auto& conv2 = dynamic_cast<const Conv2d&>(model.layer(3));
  std::printf("%d threads\n", thread_count());
  compare_with_naive(run, conv1, model.layer(0).input(), "conv 1");
  compare_with_naive(run, conv2, model.layer(3).input(), "conv 2");

  // Step 3: max-pooling halves each map: 2×2 windows, the largest value of each.
  std::printf("max-pool 1: %s -> %s; max-pool 2: %s -> %s\n",
              shape_to_string(shape_of(model.layer(2).input())).c_str(),
              shape_to_string(shape_of(model.layer(3).input())).c_str(),
              shape_to_string(shape_of(model.layer(5).input())).c_str(),
              shape_to_string(shape_of(model.layer(6).input())).c_str());

  // Step 4: the 16 filters of the first layer, 5×5 each: red weights add the pixel under them,
  // blue ones subtract it.
  std::vector<Tensor> filters;
  for (std::size_t f = 0; f < 16; ++f) filters.push_back(xt::view(conv1.weight(), f, 0));
  render::MapRowsOptions filter_options;
  filter_options.upscale = 8;
  render::write_map_rows_png(run.folder() + "filters.png",
                             {{"conv 1", filters, numbers(0, 16), render::MapStyle::signed_values}},
                             filter_options);

  // Step 5: one test digit through the layers: the output of each convolution (after its ReLU)
  // and of each pooling, eight maps a row.
  const Tensor digit = xt::view(data.test.inputs, xt::range(0, 1));
  model.forward(digit);
  const Tensor &conv1_maps = model.layer(2).input(), &pool1_maps = model.layer(3).input();
  const Tensor& conv2_maps = model.layer(5).input();
  using render::MapStyle;
  std::vector<render::MapRow> rows{{"input", {xt::view(digit, 0, 0)}, {}, MapStyle::intensities}};
  for (std::size_t first = 0; first < 16; first += 8) {
    rows.push_back({first == 0 ? "conv 1" : "", channels(conv1_maps, first, 8), numbers(first, 8),
                    MapStyle::intensities});
  }
  for (std::size_t first = 0; first < 16; first += 8) {
    rows.push_back(
        {first == 0 ? "pool 1" : "", channels(pool1_maps, first, 8), {}, MapStyle::intensities});
  }
  for (std::size_t first = 0; first < 32; first += 8) {
    rows.push_back(
        {first == 0 ? "conv 2" : "", channels(conv2_maps, first, 8), {}, MapStyle::intensities});
  }
  render::MapRowsOptions map_options;
  map_options.upscale = 3;
  render::write_map_rows_png(run.folder() + "feature_maps.png", rows, map_options);

  // Step 6: the test set.
  const double accuracy = evaluate(model, data.test).accuracy;
  tutorials::promise_test_accuracy(run, "the CNN", accuracy, run.choose(0.985, 0.85));
  std::printf("figures written to %sfilters.png and feature_maps.png\n", run.folder().c_str());
}

}  // namespace

int main(int argc, char** argv) {
  return tutorials::run_tutorial(argc, argv, "02_convolutions", lesson);
}
