// Training and inference speed of the preset models on MNIST: a program, never a timed test.
//
//   glassbox-speed [--model mlp|cnn|all] [--epochs N] [--batch N] [--train-images N]
//                  [--training-only | --only train|explain] [--json]
//   glassbox-speed --layers [--model mlp|cnn|all] [--batch N] [--json]
//
// For each model: seconds per training epoch over all 60,000 training images (SGD, lr 0.05,
// momentum 0.9, the given batch size), forward-only inference images/s over the 10,000 test
// images (batches of 256), and heatmaps/s over the first 1,000 test images (batches of 100) for
// gradient×input and for LRP with the epsilon-plus-zbox composite (JSON key lrp_per_second) and
// the epsilon-plus-flat composite (lrp_epsilon_plus_flat_per_second). Build in release mode (the
// default) before trusting any number; the thread count comes from OMP_NUM_THREADS (all cores
// when unset).
//
// How close training comes to the machine's limit: the same run measures the SGEMM peak, a large
// square product through framework/blas (the path the layers take, on the same threads), after
// the models (so that its matrices stay out of their peak memory), and reports each epoch's
// GFLOP/s and its fraction of that peak. FLOPs are counted as the layers' GEMMs: forward
// 2·(multiply-adds) per image (Conv2d: F·C·kh·kw·OH·OW, Dense: inputs·outputs), training 3×
// forward (forward, input gradient, weight gradient). The reference CNN: 6.05 MFLOP per image
// forward, 1.09 TFLOP per epoch of 60,000 images (docs/performance.md).
//
// For profiling, `--train-images 2048 --training-only` trains on the first 2,048 images and
// skips the rest, short enough to run under `valgrind --tool=callgrind` (docs/performance.md).
//
// Where a training step's time goes: `--layers` times each layer's forward and backward pass on
// its own, in milliseconds per batch (the mean over 300 batches after 20 unmeasured ones), on
// random inputs and output gradients, so it needs no data. Backward stops where training's does,
// after the first layer with weights (the input gradient is switched off). The optimizer's step
// and the loss are left out; they take about 1% of a CNN batch.
//
// Memory: each model's result holds the peak resident memory of the process so far
// (VmHWM, peak_rss_mb below) after training ("rss_after_training_mb") and at its end
// ("peak_rss_mb"). A peak covers everything the process did before, so to measure one thing, run
// one model and one part per process: `--model cnn --only train` (training data and training), or
// `--model cnn --only explain` (inference and heatmaps with the untrained model, seed 1: the
// same work per image, without loading the training split).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <xtensor/xrandom.hpp>

#include "datasets/byte_images.hpp"
#include "datasets/data_request.hpp"
#include "explain/lrp/lrp.hpp"
#include "explain/taylor.hpp"
#include "framework/blas.hpp"
#include "framework/errors.hpp"
#include "framework/layers/conv2d.hpp"
#include "framework/layers/dense.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/sgd.hpp"
#include "framework/presets.hpp"
#include "framework/training/trainer.hpp"

using namespace glassbox;

namespace {

// The process's peak resident memory so far, in MB: Linux's VmHWM (/proc/self/status), else
// getrusage's ru_maxrss. Not ru_maxrss first: Linux carries it over from the parent through fork
// and exec, so a benchmark started by a Python script that has imported PyTorch reported that
// interpreter's 226 MB as its own; VmHWM starts afresh with the program.
double peak_rss_mb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;  // "… kB"
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // KiB on Linux
}

// GFLOP/s of c = a·b for square n×n matrices through glassbox::gemm, the best of a few runs after
// a warm-up (which also faults in the pages).
double sgemm_peak_gflops(std::size_t n = 1024, int runs = 5) {
  std::vector<float> a(n * n, 0.5f), b(n * n, 0.25f), c(n * n, 0.0f);
  double best = 0.0;
  for (int run = 0; run <= runs; ++run) {
    const auto start = std::chrono::steady_clock::now();
    gemm(false, false, n, n, n, 1.0f, a.data(), b.data(), 0.0f, c.data());
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (run > 0) best = std::max(best, 2.0 * n * n * n / seconds / 1e9);
  }
  return best;
}

// Floating-point operations of one image's forward pass through the model's GEMM layers.
double forward_flops_per_sample(Sequential& model) {
  double flops = 0.0;
  Shape shape = model.input_shape();
  for (std::size_t index = 0; index < model.size(); ++index) {
    const Layer& layer = model.layer(index);
    const Shape output = layer.output_shape(shape);
    if (const auto* conv = dynamic_cast<const Conv2d*>(&layer)) {
      const Conv2dSettings& s = conv->settings();
      flops += 2.0 * s.out_channels * s.in_channels * s.kernel_height * s.kernel_width * output[1] *
               output[2];
    } else if (const auto* dense = dynamic_cast<const Dense*>(&layer)) {
      flops += 2.0 * dense->weight().shape(0) * dense->weight().shape(1);
    }
    shape = output;
  }
  return flops;
}

// Training epochs on `train` (its bytes, made float a batch at a time: datasets/byte_images.hpp).
nlohmann::json measure_training(Sequential& model, const Preset& preset, const BatchSource& train,
                                int epochs, std::size_t batch_size) {
  Sgd sgd({0.05f, 0.9f});
  TrainingSettings settings;
  settings.epochs = epochs;
  settings.batch_size = batch_size;
  settings.progress = false;
  const auto history = train_classifier(model, sgd, train, nullptr, settings);
  double best = history.front().seconds;
  for (const auto& record : history) best = std::min(best, record.seconds);
  return {{"model", preset.name},
          {"training_images", train.size()},
          {"epoch_seconds", best},
          {"epoch_seconds_all",
           [&] {
             std::vector<double> all;
             for (const auto& record : history) all.push_back(record.seconds);
             return all;
           }()},
          {"final_train_loss", history.back().loss},
          {"epoch_gflop", 3.0 * forward_flops_per_sample(model) * train.size() / 1e9},
          {"rss_after_training_mb", peak_rss_mb()}};
}

// Each layer's forward and backward milliseconds per batch of `batch_size` (see the top).
nlohmann::json measure_layers(const Preset& preset, std::size_t batch_size) {
  constexpr int warm_up = 20, timed = 300;
  Sequential model = build_model(preset.layers, dataset_sample_shape(preset.dataset), 1);
  model.set_training(true);
  Shape input_shape{batch_size}, output_shape{batch_size};
  for (const std::size_t side : model.input_shape()) input_shape.push_back(side);
  for (const std::size_t side : model.output_shape()) output_shape.push_back(side);
  const Tensor x = xt::random::rand<float>(input_shape);
  const Tensor output_gradient = xt::random::rand<float>(output_shape) - 0.5f;
  using Clock = std::chrono::steady_clock;
  const auto milliseconds = [](Clock::time_point since) {
    return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
  };
  std::vector<double> forward(model.size(), 0.0), backward(model.size(), 0.0);
  for (int batch = 0; batch < warm_up + timed; ++batch) {
    const double weight = batch < warm_up ? 0.0 : 1.0 / timed;
    const Tensor* activation = &x;
    for (std::size_t l = 0; l < model.size(); ++l) {
      const auto start = Clock::now();
      activation = &model.layer(l).forward(*activation);
      forward[l] += weight * milliseconds(start);
    }
    const Tensor* gradient = &output_gradient;
    for (std::size_t l = model.size(); l-- > 0 && gradient->size() > 0;) {
      const auto start = Clock::now();
      gradient = &model.layer(l).backward(*gradient);
      backward[l] += weight * milliseconds(start);
    }
  }
  nlohmann::json layers = nlohmann::json::array();
  for (std::size_t l = 0; l < model.size(); ++l) {
    layers.push_back({{"layer", l},
                      {"type", model.layer(l).type()},
                      {"forward_ms", forward[l]},
                      {"backward_ms", backward[l]}});
  }
  return {{"model", preset.name}, {"batch", batch_size}, {"layers", layers}};
}

void print_layers(const nlohmann::json& result) {
  double total = 0.0;
  for (const auto& layer : result["layers"]) {
    total += layer["forward_ms"].get<double>() + layer["backward_ms"].get<double>();
  }
  std::printf("%s, ms per batch of %zu:\n%-6s %-10s %10s %10s %7s\n",
              result["model"].get<std::string>().c_str(), result["batch"].get<std::size_t>(),
              "layer", "type", "forward", "backward", "share");
  for (const auto& layer : result["layers"]) {
    const double forward = layer["forward_ms"], backward = layer["backward_ms"];
    std::printf("%-6zu %-10s %10.3f %10.3f %6.1f%%\n", layer["layer"].get<std::size_t>(),
                layer["type"].get<std::string>().c_str(), forward, backward,
                100.0 * (forward + backward) / total);
  }
  std::printf("%-17s %21.3f\n", "all layers", total);
}

// `part`: "all", "train" or "explain" (--only); `train` is null for "explain".
nlohmann::json measure(const Preset& preset, const BatchSource* train,
                       const LabeledData* test_split, int epochs, std::size_t batch_size,
                       const std::string& part) {
  Sequential model = build_model(preset.layers, dataset_sample_shape(preset.dataset), 1);
  nlohmann::json result = {{"model", preset.name}};
  if (part != "explain") {
    result = measure_training(model, preset, *train, epochs, batch_size);
  }
  if (part == "train") {
    result["peak_rss_mb"] = peak_rss_mb();
    return result;
  }
  const LabeledData& test = *test_split;

  model.predict(slice(test, 0, 256).inputs);  // warm-up: first-touch allocations
  const auto start = std::chrono::steady_clock::now();
  model.predict(test.inputs, 256);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // Explanations: the whole pass that produces one heatmap per image, batches of 100.
  const LabeledData explained = slice(test, 0, 1000);
  const auto heatmaps_per_second = [&](const std::function<void(const Tensor&)>& explain_batch) {
    explain_batch(slice(explained, 0, 100).inputs);  // warm-up
    const auto begin = std::chrono::steady_clock::now();
    for (std::size_t first = 0; first < explained.size(); first += 100) {
      explain_batch(slice(explained, first, first + 100).inputs);
    }
    return explained.size() /
           std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  };
  const double gradient_rate =
      heatmaps_per_second([&](const Tensor& x) { explain::simple_taylor(model, x); });
  const explain::Composite composite = explain::make_composite("epsilon-plus-zbox");
  const double lrp_rate =
      heatmaps_per_second([&](const Tensor& x) { explain::lrp(model, x, {}, composite); });
  // Zennit's EpsilonPlusFlat, the other composite of benchmarks/compare_zennit.py.
  const explain::Composite flat_first = explain::make_composite("epsilon-plus-flat");
  const double lrp_flat_rate =
      heatmaps_per_second([&](const Tensor& x) { explain::lrp(model, x, {}, flat_first); });

  result["gradient_x_input_per_second"] = gradient_rate;
  result["lrp_per_second"] = lrp_rate;
  result["lrp_epsilon_plus_flat_per_second"] = lrp_flat_rate;
  result["inference_images_per_second"] = test.size() / seconds;
  result["peak_rss_mb"] = peak_rss_mb();
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"glassbox training and inference speed on MNIST"};
  std::string which = "all";
  int epochs = 1;
  std::size_t batch_size = 64;
  std::size_t train_images = 0;
  bool training_only = false;
  std::string part = "all";
  bool json = false, layers = false;
  app.add_option("--model", which, "mlp, cnn or all")->capture_default_str();
  app.add_option("--epochs", epochs, "Epochs to time (the fastest is reported)")
      ->capture_default_str();
  app.add_option("--batch", batch_size, "Training batch size")->capture_default_str();
  app.add_option("--train-images", train_images,
                 "Train on the first N training images only (0: all of them)");
  app.add_flag("--training-only", training_only, "Time the training epochs only (--only train)");
  app.add_option("--only", part,
                 "train: the training epochs only; explain: inference and heatmaps only, with the "
                 "untrained model (one thing per process, for its peak memory)")
      ->check(CLI::IsMember({"all", "train", "explain"}));
  app.add_flag("--layers", layers,
               "Each layer's forward and backward time per training batch (random data)");
  app.add_flag("--json", json, "One JSON object on stdout");
  CLI11_PARSE(app, argc, argv);
  try {
    if (layers) {
      nlohmann::json results = nlohmann::json::array();
      for (const auto& preset : presets()) {
        if (preset.dataset != "mnist" || (which != "all" && which != preset.name)) continue;
        results.push_back(measure_layers(preset, batch_size));
        if (!json) print_layers(results.back());
      }
      if (results.empty()) throw ArgumentError("unknown --model \"" + which + "\"");
      if (json) std::cout << nlohmann::json{{"layers", results}}.dump() << std::endl;
      return 0;
    }
    if (training_only) part = "train";
    // The training split as bytes, made float a batch at a time (47 MB instead of 188 MB); the
    // test split as floats, for inference and the heatmaps.
    DataRequest request;  // mnist, unit scaling
    std::unique_ptr<ByteImages> train;
    if (part != "explain") {
      request.limit = train_images;
      train = std::make_unique<ByteImages>(load_image_dataset(request));
    }
    std::unique_ptr<LabeledData> test;
    if (part != "train") {
      request.split = "test";
      request.limit = 0;
      test = std::make_unique<LabeledData>(load_dataset(request));
    }
    nlohmann::json results = nlohmann::json::array();
    for (const auto& preset : presets()) {
      if (preset.dataset != "mnist") continue;  // this program times the MNIST presets
      if (which != "all" && which != preset.name) continue;
      const nlohmann::json result =
          measure(preset, train.get(), test.get(), epochs, batch_size, part);
      results.push_back(result);
      if (!json && part == "train") {
        std::printf("%-4s  %.2f s per training epoch (%zu images, batch %zu)", preset.name.c_str(),
                    result["epoch_seconds"].get<double>(), train->size(), batch_size);
      } else if (!json && part == "explain") {
        std::printf("%-4s  %.0f images/s inference  %.0f gradient×input and %.0f LRP heatmaps/s",
                    preset.name.c_str(), result["inference_images_per_second"].get<double>(),
                    result["gradient_x_input_per_second"].get<double>(),
                    result["lrp_per_second"].get<double>());
      } else if (!json) {
        std::printf(
            "%-4s  %.2f s per training epoch (%zu images, batch %zu)  %.0f images/s inference  "
            "%.0f gradient×input and %.0f LRP heatmaps/s",
            preset.name.c_str(), result["epoch_seconds"].get<double>(), train->size(), batch_size,
            result["inference_images_per_second"].get<double>(),
            result["gradient_x_input_per_second"].get<double>(),
            result["lrp_per_second"].get<double>());
      }
      if (!json) std::printf("  peak RSS %.0f MB\n", result["peak_rss_mb"].get<double>());
    }
    if (results.empty()) throw ArgumentError("unknown --model \"" + which + "\"");
    const double peak_gflops = sgemm_peak_gflops();
    for (auto& result : results) {
      if (!result.contains("epoch_seconds")) continue;
      const double gflops =
          result["epoch_gflop"].get<double>() / result["epoch_seconds"].get<double>();
      result["epoch_gflops"] = gflops;
      result["fraction_of_sgemm_peak"] = gflops / peak_gflops;
      if (!json) {
        std::printf("%-4s  training at %.0f GFLOP/s, %.0f%% of the SGEMM peak\n",
                    result["model"].get<std::string>().c_str(), gflops, 100 * gflops / peak_gflops);
      }
    }
    if (!json) std::printf("SGEMM peak %.0f GFLOP/s (%d threads)\n", peak_gflops, thread_count());
    if (json) {
      std::cout << nlohmann::json{{"glassbox", results}, {"sgemm_peak_gflops", peak_gflops}}.dump()
                << std::endl;
    }
  } catch (const Error& error) {
    std::fprintf(stderr, "glassbox-speed: error: %s\n", error.what());
    return 1;
  }
  return 0;
}
