// The table of docs/math/evaluation.md, "LRP against the methods of other toolboxes": for every
// method of the figures and of other toolboxes, on the first test images of a trained model,
//
//   AOPC with noise       pixel flipping, 2×2 regions, 4 per step, uniform noise (the default)
//   AOPC with background  the same, regions set to the lowest pixel value (--constant)
//   continuity C(σ)       mean relative change of the map under Gaussian noise of size σ, clipped
//                         to the pixel range (explain/evaluation/continuity.hpp), 2 draws
//   heatmaps/s            images explained per CPU second on one core, all of them in one batch,
//                         the fastest of 2 to 5 runs
//
// A program, never a timed test:
//
//   OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 glassbox-methods-table MODEL [images] [sigma]
//   (defaults: 100 images, σ = 0.05)
//
// prints one Markdown row per method. Needs GLASSBOX_DATA for the test images.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string>

#include "datasets/model_fit.hpp"
#include "datasets/model_samples.hpp"
#include "explain/evaluation/continuity.hpp"
#include "explain/evaluation/pixel_flipping.hpp"
#include "explain/explain_samples.hpp"
#include "framework/errors.hpp"
#include "framework/serialization/model_file.hpp"

using namespace glassbox;
using namespace glassbox::explain;

namespace {

// CPU seconds of the fastest run (at least 2 runs, more up to 5 while they add up to less than 2
// s), and the last run's explanation. CPU time, not wall time: on a machine shared with other
// builds a run may wait for a core, and the waiting is not the method's. Run with one thread
// (OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1), so that CPU time is the time of one core.
double fastest_run(Sequential& model, const Samples& samples, const MethodChoice& choice,
                   LrpExplanation& result) {
  double best = 1e30, total = 0.0;
  for (int run = 0; run < 5 && (run < 2 || total < 2.0); ++run) {
    const std::clock_t start = std::clock();
    result = explain_samples(model, samples, choice);
    const double seconds = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
    best = std::min(best, seconds);
    total += seconds;
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc < 2) {
    std::fprintf(stderr, "usage: glassbox-methods-table MODEL [images] [sigma]\n");
    return 1;
  }
  const std::string path = argv[1];
  const std::size_t count = argc > 2 ? std::stoul(argv[2]) : 100;
  const double sigma = argc > 3 ? std::stod(argv[3]) : 0.05;
  ModelFile file = load_classifier(path);
  const Samples samples = image_samples(file.metadata, path, "test", 0, count);

  std::vector<MethodChoice> methods = comparison_methods();
  for (const MethodChoice& other : other_toolbox_methods()) methods.push_back(other);
  MethodChoice blurred;
  blurred.method = "integrated-gradients";
  blurred.baseline = "blur";
  methods.insert(methods.begin() + 6, blurred);

  FlippingOptions noise;
  noise.low = samples.low;
  noise.high = samples.high;
  FlippingOptions background = noise;
  background.constant = true;
  ContinuityOptions continuity_options;
  continuity_options.sizes = {sigma};
  continuity_options.draws = 2;
  continuity_options.clip = true;
  continuity_options.low = samples.low;
  continuity_options.high = samples.high;

  std::printf("| method | AOPC, noise | AOPC, background | continuity C(%.2g) | heatmaps/s |\n",
              sigma);
  std::printf("|---|---|---|---|---|\n");
  for (MethodChoice choice : methods) {
    choice.settings.low = samples.low;  // as explain_samples sets them, for continuity's calls
    choice.settings.high = samples.high;
    LrpExplanation result;
    const double seconds = fastest_run(file.model, samples, choice, result);
    const double aopc_noise =
        pixel_flipping(file.model, samples.inputs, result.relevance, result.targets, noise).aopc;
    const double aopc_background =
        pixel_flipping(file.model, samples.inputs, result.relevance, result.targets, background)
            .aopc;
    const ContinuityCurve curve =
        continuity(file.model, samples.inputs, choice, continuity_options);
    std::printf("| %s | %.2f | %.2f | %.3f | %.0f |\n", method_label(choice).c_str(), aopc_noise,
                aopc_background, curve.mean_change[0], static_cast<double>(count) / seconds);
    std::fflush(stdout);
  }
  const Tensor random = random_order(samples.inputs, 2);
  LrpExplanation any = explain_samples(file.model, samples, methods[0]);
  std::printf("| random order | %.2f | %.2f | | |\n",
              pixel_flipping(file.model, samples.inputs, random, any.targets, noise).aopc,
              pixel_flipping(file.model, samples.inputs, random, any.targets, background).aopc);
  return 0;
} catch (const std::exception& error) {
  std::fprintf(stderr, "glassbox-methods-table: %s\n", error.what());
  return 1;
}
