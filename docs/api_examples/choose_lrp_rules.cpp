// LRP rules: a named composite, one rule everywhere, or a composite of your own.
#include <cstdio>

#include <xtensor/xreducer.hpp>

#include "docs/api_examples/toy_digits.hpp"
#include "explain/lrp/lrp.hpp"
#include "framework/model_spec.hpp"

int main() {
  using namespace glassbox;
  using namespace glassbox::explain;
  Sequential model = build_model("conv:4:3:1:1,relu,maxpool:2,flatten,dense:2", {1, 8, 8}, 2);
  const Tensor digits = toy::bars(2, 1).inputs;

  for (const RuleEntry& rule : rule_table()) std::printf("rule %s\n", rule.name.c_str());
  for (const CompositePreset& preset : composite_table())
    std::printf("composite %s\n", preset.name.c_str());

  RuleSettings settings;  // ε, γ and the zᴮ bounds of the rules made by name
  settings.gamma = 0.5f;
  Composite everywhere{"gamma everywhere", {}, {}};
  everywhere.add(LayerSelector::with_weights(), make_rule("gamma", settings));

  Composite mine{"mine", {}, {}};
  mine.add(LayerSelector::first_with_weights(), ZBoxRule(0.0f, 1.0f))
      .add(LayerSelector::of_type("Dense"), EpsilonRule{0.1f})
      .add(LayerSelector::with_weights(), ZPlusRule{});

  LrpOptions options;
  options.max_pool = MaxPoolMode::winner_take_all;
  for (const Composite& composite : {make_composite("alpha1-beta0"), everywhere, mine}) {
    const LrpExplanation result = lrp(model, digits, /*targets=*/{1, 1}, composite, options);
    std::printf("%-16s R sum %.4f for logits %.4f + %.4f\n", composite.name.c_str(),
                double(xt::sum(result.relevance)()), result.outputs[0], result.outputs[1]);
  }
  return 0;
}
