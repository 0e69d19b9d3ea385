// How fast LRP runs: a program, never a timed test. Two modes.
//
// Against forward + backward (no arguments but the two numbers):
//
//   glassbox-lrp-speed [samples] [repeats]      (defaults: 100 samples, 5 repeats)
//
//   Model: the reference CNN "conv:16:5:1:2,relu,maxpool:2,conv:32:5:1:2,relu,maxpool:2,flatten,
//   dense:128,relu,dense:10" on 1×28×28 inputs, random weights and random biases (trained weights
//   change no arithmetic), inputs uniform in [0, 1], all samples in one batch. For each method the
//   best of `repeats` runs is reported, and its ratio to the best forward + backward pass (one-hot
//   output gradient, parameter gradients included, as in training).
//
// Heatmaps per second of one composite on a model file (benchmarks/compare_zennit.py runs it):
//
//   glassbox-lrp-speed --model FILE --composite NAME [--images 1000 | --input-npy IN.npy]
//                      [--batch 100] [--repeats 3] [--relevance OUT.npy] [--json]
//
//   The first N test images of the model's dataset (MNIST, the pixel scaling in its file), or the
//   images of a float32 .npy file (N×(sample shape), e.g. written by numpy.save), explained in
//   batches of `batch` for each image's predicted class with the default options of `glassbox
//   explain` (biases take relevance, winner-take-all max-pooling, ε = 0.25, zᴮ bounds of the
//   pixel scaling). The time of one pass over all images, best of `repeats` after one warm-up
//   batch; --relevance writes the heatmaps of the last pass (the shape of the images, float32).
//
// Build in release mode (the default); the thread count comes from OMP_NUM_THREADS.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <iostream>
#include <random>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xnpy.hpp>

#include "datasets/data_request.hpp"
#include "explain/deep_taylor.hpp"
#include "explain/lrp/lrp.hpp"
#include "explain/render/npy.hpp"
#include "framework/errors.hpp"
#include "framework/model_spec.hpp"
#include "framework/serialization/model_file.hpp"

using namespace glassbox;
using namespace glassbox::explain;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double best_seconds(int repeats, const std::function<void()>& run) {
  run();  // warm-up: first-touch allocations
  double best = 1e30;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    run();
    best = std::min(best, seconds_since(start));
  }
  return best;
}

Tensor uniform_images(std::size_t count, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
  Tensor images = Tensor::from_shape({count, 1, 28, 28});
  for (float& x : images) x = uniform(rng);
  return images;
}

// LRP against one forward + backward pass of the reference CNN.
int against_backward(std::size_t samples, int repeats) {
  Sequential model = build_model(
      "conv:16:5:1:2,relu,maxpool:2,conv:32:5:1:2,relu,maxpool:2,flatten,dense:128,relu,dense:10",
      {1, 28, 28}, 1);
  std::mt19937_64 rng(2);
  std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
  for (auto& parameter : model.parameters()) {
    if (parameter.name == "bias") {
      for (float& b : *parameter.value) b = 0.1f * (uniform(rng) - 0.5f);
    }
  }
  const Tensor input = uniform_images(samples, 3);
  model.set_training(false);

  Tensor one_hot = xt::zeros<float>({samples, std::size_t{10}});
  for (std::size_t n = 0; n < samples; ++n) one_hot(n, n % 10) = 1.0f;
  const double baseline = best_seconds(repeats, [&] {
    model.forward(input);
    model.backward(one_hot);
  });
  std::printf("%zu samples, best of %d\n", samples, repeats);
  std::printf("%-28s %9.2f ms\n", "forward + backward", 1e3 * baseline);

  auto report = [&](const std::string& name, const std::function<void()>& run) {
    const double seconds = best_seconds(repeats, run);
    std::printf("%-28s %9.2f ms  %5.2fx\n", name.c_str(), 1e3 * seconds, seconds / baseline);
  };
  for (const std::string name :
       {"lrp-0", "epsilon-plus-zbox", "epsilon-plus-flat", "alpha2-beta1"}) {
    const Composite composite = make_composite(name);
    report("LRP " + name, [&] { lrp(model, input, {}, composite); });
  }
  report("LRP proportional max-pool", [&] {
    LrpOptions options;
    options.max_pool = MaxPoolMode::proportional;
    lrp(model, input, {}, make_composite("epsilon-plus-zbox"), options);
  });
  report("deep Taylor (pixels)", [&] { deep_taylor(model, input, {}, InputDomain::pixels()); });
  return 0;
}

struct HeatmapRun {
  std::string model_path, composite = "epsilon-plus-zbox", relevance_path, input_npy;
  std::size_t images = 1000, batch = 100;
  int repeats = 3;
  bool json = false;
};

// Heatmaps per second of one composite on a model file.
int heatmaps_per_second(const HeatmapRun& run) {
  ModelFile file = load_model(run.model_path);
  DataRequest request = data_request_for(file.metadata, run.model_path);
  Tensor images;
  if (!run.input_npy.empty()) {
    try {
      images = xt::load_npy<float>(run.input_npy);
    } catch (const std::exception& error) {
      throw ArgumentError("--input-npy " + run.input_npy + ": " + error.what() +
                          " (expected float32 images)");
    }
    if (images.dimension() < 2) throw ArgumentError("--input-npy " + run.input_npy + ": no images");
  } else {
    request.split = "test";
    request.limit = run.images;
    images = load_dataset(request).inputs;
  }
  const std::size_t count = images.shape(0);
  if (count == 0 || run.batch == 0) throw ArgumentError("--images and --batch must be > 0");
  RuleSettings settings;
  if (request.scaling == "symmetric") settings.low = -1.0f;
  const Composite composite = make_composite(run.composite, settings);

  Tensor relevance = Tensor::from_shape(images.shape());
  const std::size_t per_image = images.size() / count;
  Tensor batch_input;
  auto explain_batch = [&](std::size_t first) {
    const std::size_t last = std::min(count, first + run.batch);
    auto shape = images.shape();
    shape[0] = last - first;
    batch_input.resize(shape);
    std::copy_n(images.data() + first * per_image, batch_input.size(), batch_input.data());
    const LrpExplanation explanation = lrp(file.model, batch_input, {}, composite);
    std::copy_n(explanation.relevance.data(), explanation.relevance.size(),
                relevance.data() + first * per_image);
  };
  explain_batch(0);  // warm-up
  // Wall-clock time, and the process's CPU time (all threads), which a machine shared with other
  // work disturbs less.
  double best = 1e30, best_cpu = 1e30;
  for (int r = 0; r < std::max(run.repeats, 1); ++r) {
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    for (std::size_t first = 0; first < count; first += run.batch) explain_batch(first);
    best = std::min(best, seconds_since(start));
    best_cpu = std::min(best_cpu, static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC);
  }
  if (!run.relevance_path.empty()) render::write_npy(run.relevance_path, relevance);
  const double rate = static_cast<double>(count) / best;
  if (run.json) {
    std::cout << nlohmann::json{{"composite", run.composite},
                                {"images", count},
                                {"batch", run.batch},
                                {"seconds", best},
                                {"cpu_seconds", best_cpu},
                                {"heatmaps_per_second", rate},
                                {"heatmaps_per_cpu_second", static_cast<double>(count) / best_cpu}}
                     .dump()
              << std::endl;
  } else {
    std::printf("%s: %zu heatmaps in batches of %zu, best of %d: %.3f s, %.0f heatmaps/s\n",
                run.composite.c_str(), count, run.batch, run.repeats, best, rate);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"LRP speed: against forward + backward, or heatmaps/s of a composite on a model"};
  std::size_t samples = 100;
  int repeats = 5;
  HeatmapRun run;
  app.add_option("samples", samples, "Samples in the batch (forward + backward comparison)");
  app.add_option("repeats", repeats, "Runs per method; the best counts");
  app.add_option("--model", run.model_path, "A model file: heatmaps/s of --composite on it");
  app.add_option("--composite", run.composite, "LRP composite preset")->capture_default_str();
  app.add_option("--images", run.images, "Test images to explain")->capture_default_str();
  app.add_option("--input-npy", run.input_npy, "Explain the float32 images of this .npy instead");
  app.add_option("--batch", run.batch, "Images per LRP batch")->capture_default_str();
  app.add_option("--repeats", run.repeats, "Passes over all images; the fastest counts")
      ->capture_default_str();
  app.add_option("--relevance", run.relevance_path, "Write the heatmaps of all images (.npy)");
  app.add_flag("--json", run.json, "One JSON object on stdout");
  CLI11_PARSE(app, argc, argv);
  try {
    if (run.model_path.empty()) return against_backward(samples, repeats);
    return heatmaps_per_second(run);
  } catch (const Error& error) {
    std::fprintf(stderr, "glassbox-lrp-speed: error: %s\n", error.what());
    return 1;
  }
}
