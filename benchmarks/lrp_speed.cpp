// How long LRP takes compared with one forward + backward pass: a program, never a timed test.
//
//   glassbox-lrp-speed [samples] [repeats]      (defaults: 100 samples, 5 repeats)
//
// Model: the reference CNN "conv:16:5:1:2,relu,maxpool:2,conv:32:5:1:2,relu,maxpool:2,flatten,
// dense:128,relu,dense:10" on 1×28×28 inputs, random weights and random biases (trained weights
// change no arithmetic), inputs uniform in [0, 1], all samples in one batch. For each method the
// best of `repeats` runs is reported, and its ratio to the best forward + backward pass (one-hot
// output gradient, parameter gradients included, as in training). Build in release mode (the
// default); the BLAS thread count comes from OPENBLAS_NUM_THREADS.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <random>
#include <string>

#include <xtensor/xbuilder.hpp>

#include "explain/deep_taylor.hpp"
#include "explain/lrp/lrp.hpp"
#include "framework/model_spec.hpp"

using namespace glassbox;
using namespace glassbox::explain;

namespace {

double best_seconds(int repeats, const std::function<void()>& run) {
  run();  // warm-up: first-touch allocations
  double best = 1e30;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    run();
    best = std::min(
        best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t samples = argc > 1 ? std::stoul(argv[1]) : 100;
  const int repeats = argc > 2 ? std::stoi(argv[2]) : 5;
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
  Tensor input = Tensor::from_shape({samples, 1, 28, 28});
  for (float& x : input) x = uniform(rng);
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
  for (const std::string name : {"lrp-0", "epsilon-plus-zbox", "alpha2-beta1"}) {
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
