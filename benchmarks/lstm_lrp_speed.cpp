// How long LRP through an LSTM takes compared with one forward + backward pass of the same model
// on the same batch: a program, never a timed test (docs/performance.md).
//
//   glassbox-lstm-lrp-speed [documents] [repeats] [layers]
//       (defaults: 64 documents, 5 repeats, the text-lstm preset's layers)
//
// Token ids: T = 400 positions (the preset's sequence length), 30,002 ids (the default
// vocabulary of 30,000 words, padding and unknown), random weights and biases. Document n holds
// 100 + (300·n)/N words and is padded after them, as 20 Newsgroups articles of different lengths
// are. For each method the best of `repeats` runs is reported, in CPU time of the whole process
// (all threads) and in wall time, with its ratio to the forward + backward pass (one-hot output
// gradient, parameter gradients included, as in training). LRP includes its own forward pass, so
// the relevance pass alone is the difference to "forward alone".
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <random>
#include <string>

#include <xtensor/xbuilder.hpp>

#include "explain/lrp/lrp.hpp"
#include "explain/sensitivity.hpp"
#include "framework/model_spec.hpp"
#include "framework/presets.hpp"

using namespace glassbox;
using namespace glassbox::explain;

namespace {

struct Seconds {
  double cpu = 1e30, wall = 1e30;
};

Seconds best_of(int repeats, const std::function<void()>& run) {
  run();  // warm-up: first-touch allocations
  Seconds best;
  for (int r = 0; r < repeats; ++r) {
    const std::clock_t cpu_start = std::clock();
    const auto wall_start = std::chrono::steady_clock::now();
    run();
    best.cpu = std::min(best.cpu, double(std::clock() - cpu_start) / CLOCKS_PER_SEC);
    best.wall = std::min(
        best.wall,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t documents = argc > 1 ? std::stoul(argv[1]) : 64;
  const int repeats = argc > 2 ? std::stoi(argv[2]) : 5;
  const std::string layers = argc > 3 ? argv[3] : find_preset("text-lstm").layers;
  constexpr std::size_t positions = 400, ids = 30002;
  Sequential model = build_model(with_token_count(layers, ids), {positions}, 1);
  std::mt19937_64 rng(2);
  std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
  for (auto& parameter : model.parameters()) {
    if (parameter.name == "bias") {
      for (float& b : *parameter.value) b = 0.2f * (uniform(rng) - 0.5f);
    }
  }
  std::uniform_int_distribution<int> word(1, static_cast<int>(ids) - 1);
  Tensor input = xt::zeros<float>({documents, positions});
  for (std::size_t n = 0; n < documents; ++n) {
    const std::size_t length = 100 + 300 * n / documents;
    for (std::size_t t = 0; t < length; ++t) input(n, t) = static_cast<float>(word(rng));
  }
  model.set_training(false);

  const std::size_t classes = model.forward(input).shape(1);
  Tensor one_hot = xt::zeros<float>({documents, classes});
  for (std::size_t n = 0; n < documents; ++n) one_hot(n, n % classes) = 1.0f;
  const Seconds baseline = best_of(repeats, [&] {
    model.forward(input);
    model.backward(one_hot);
  });
  std::printf("%s\n%zu documents of 100-400 words in %zu positions, best of %d\n", layers.c_str(),
              documents, positions, repeats);
  std::printf("%-28s %10s %10s %7s\n", "", "CPU ms", "wall ms", "ratio");
  std::printf("%-28s %10.1f %10.1f\n", "forward + backward", 1e3 * baseline.cpu,
              1e3 * baseline.wall);
  auto report = [&](const std::string& name, const std::function<void()>& run) {
    const Seconds seconds = best_of(repeats, run);
    std::printf("%-28s %10.1f %10.1f %6.2fx\n", name.c_str(), 1e3 * seconds.cpu, 1e3 * seconds.wall,
                seconds.cpu / baseline.cpu);
  };
  report("forward alone", [&] { model.forward(input); });
  for (const std::string name : {"epsilon", "lrp-0"}) {
    const Composite composite = make_composite(name);
    report("LRP " + name, [&] { lrp(model, input, {}, composite); });
  }
  report("sensitivity", [&] { sensitivity(model, input); });
  std::printf("(ratio: CPU time against forward + backward)\n");
  return 0;
}
