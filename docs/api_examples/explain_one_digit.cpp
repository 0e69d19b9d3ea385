// Explain one digit: LRP with the default composite, then the heatmap as PNG and raw .npy.
#include <cmath>
#include <cstdio>
#include <string>

#include <xtensor/xreducer.hpp>
#include <xtensor/xview.hpp>

#include "docs/api_examples/toy_digits.hpp"
#include "explain/lrp/lrp.hpp"
#include "explain/render/heatmap.hpp"
#include "explain/render/npy.hpp"
#include "framework/model_spec.hpp"

int main(int argc, char** argv) {
  using namespace glassbox;
  const std::string folder = argc > 1 ? argv[1] : ".";
  Sequential model = build_model("flatten,dense:16,relu,dense:2", {1, 8, 8}, /*seed=*/5);
  const Tensor digit = xt::view(toy::bars(1, 1).inputs, xt::range(0, 1));  // a batch of one

  explain::LrpOptions options;
  options.bias_takes_relevance = false;  // neither biases nor ε keep relevance, so
  options.epsilon = 0.0f;                // Σ_i R_i = f_c(x) (checked below)
  const explain::LrpExplanation result = explain::lrp(
      model, digit, /*targets=*/{}, explain::make_composite("epsilon-plus-zbox"), options);

  render::write_heatmap_png(folder + "/api_example_lrp.png", result.relevance, digit);
  render::write_npy(folder + "/api_example_lrp.npy", result.relevance);
  const float total = xt::sum(result.relevance)();
  std::printf("class %d, logit %.4f, sum of relevance %.4f\n%s", result.targets[0],
              result.outputs[0], total, result.conservation.format(0).c_str());
  return std::abs(total - result.outputs[0]) < 1e-4f * (1.0f + std::abs(total)) ? 0 : 1;
}
