// Every explanation method: called directly, or by name as the command line's --method does.
#include <cstdio>

#include <xtensor/xreducer.hpp>

#include "docs/api_examples/toy_digits.hpp"
#include "explain/deep_taylor.hpp"
#include "explain/methods.hpp"
#include "explain/sensitivity.hpp"
#include "explain/taylor.hpp"
#include "framework/model_spec.hpp"

int main() {
  using namespace glassbox;
  Sequential model = build_model("flatten,dense:16,relu,dense:2", {1, 8, 8}, /*seed=*/5);
  const Tensor digits = toy::bars(4, 1).inputs;  // 4×1×8×8

  const explain::Explanation slope = explain::sensitivity(model, digits);     // (∂f_c/∂x_i)²
  const explain::Explanation taylor = explain::simple_taylor(model, digits);  // x_i · ∂f_c/∂x_i
  const explain::LrpExplanation deep =
      explain::deep_taylor(model, digits, {}, explain::InputDomain::pixels(0.0f, 1.0f));
  std::printf("direct: %.4f %.4f %.4f\n", double(xt::sum(slope.relevance)()),
              double(xt::sum(taylor.relevance)()), double(xt::sum(deep.relevance)()));

  for (const explain::MethodEntry& entry : explain::method_table()) {
    explain::MethodChoice choice;  // defaults: lrp with epsilon-plus-zbox
    choice.method = entry.name;
    const explain::LrpExplanation result = explain::explain_with(model, digits, {}, choice);
    std::printf("%-12s sum of R over 4 digits %8.4f  (%s)\n", entry.name.c_str(),
                double(xt::sum(result.relevance)()), entry.description.c_str());
    if (result.relevance.shape() != digits.shape()) return 1;
  }
  return 0;
}
