#include "explain/methods.hpp"

#include <algorithm>
#include <numeric>

#include <xtensor/xbuilder.hpp>

#include "explain/deep_taylor.hpp"
#include "explain/guided_backprop.hpp"
#include "explain/integrated_gradients.hpp"
#include "explain/sensitivity.hpp"
#include "explain/taylor.hpp"
#include "framework/errors.hpp"

namespace glassbox::explain {
namespace {

LrpExplanation from_plain(Explanation explanation) {
  LrpExplanation result;
  static_cast<Explanation&>(result) = std::move(explanation);
  return result;
}

LrpExplanation lrp_of_choice(Sequential& model, const Tensor& input, const Labels& targets,
                             const MethodChoice& choice) {
  if (choice.rule.empty()) {
    return lrp(model, input, targets, make_composite(choice.composite, choice.settings),
               choice.options);
  }
  Composite composite{choice.rule, {}, {}};
  composite.add(LayerSelector::with_weights(), make_rule(choice.rule, choice.settings));
  return lrp(model, input, targets, composite, choice.options);
}

LrpExplanation integrated_gradients_of_choice(Sequential& model, const Tensor& input,
                                              const Labels& targets, const MethodChoice& choice) {
  Tensor baseline;
  if (choice.baseline == "black") {
    baseline = xt::full_like(input, choice.settings.low);
  } else if (choice.baseline == "blur") {
    baseline = blurred_images(input, choice.blur);
  } else {
    throw ArgumentError("unknown integrated gradients baseline \"" + choice.baseline +
                        "\" (known: black, blur)");
  }
  TaylorExplanation path = integrated_gradients(model, input, baseline, choice.steps, targets);
  // Completeness, eq. (12), read as a one-row conservation table: the path passes f(x) down to
  // the pixels but for f(baseline) and the error of the m-step sum.
  ConservationTable completeness;
  completeness.layers = {"path from " + choice.baseline + ", m = " + std::to_string(choice.steps)};
  completeness.kept_by = {"f(baseline) + error of the sum"};
  const std::size_t per_sample =
      path.relevance.size() / std::max<std::size_t>(1, path.outputs.size());
  for (std::size_t n = 0; n < path.outputs.size(); ++n) {
    const float* relevance = path.relevance.data() + n * per_sample;
    const double total = std::accumulate(relevance, relevance + per_sample, 0.0);
    completeness.totals.push_back({total, path.outputs[n]});
  }
  LrpExplanation result = from_plain(std::move(path));
  result.conservation = std::move(completeness);
  return result;
}

LrpExplanation smooth_grad_of_choice(Sequential& model, const Tensor& input, const Labels& targets,
                                     const MethodChoice& choice, bool squared) {
  GradientMethod method = logit_gradient_map;
  if (choice.smooth_over != "gradient") {
    if (choice.smooth_over.rfind("smoothgrad", 0) == 0) {
      throw ArgumentError("SmoothGrad cannot smooth itself; --smooth-over takes gradient or " +
                          names_of(method_table()) + " but the smoothgrads");
    }
    MethodChoice inner = choice;
    inner.method = choice.smooth_over;
    method = [inner](Sequential& m, const Tensor& x, const Labels& t) -> Explanation {
      return explain_with(m, x, t, inner);
    };
  }
  SmoothGradOptions options = choice.smoothing;
  options.low = choice.settings.low;
  options.high = choice.settings.high;
  options.squared = squared;
  return from_plain(smooth_grad(model, input, method, options, targets));
}

}  // namespace

const std::vector<MethodEntry>& method_table() {
  static const std::vector<MethodEntry> table = {
      {"sensitivity",
       [](Sequential& model, const Tensor& input, const Labels& targets, const MethodChoice&) {
         return from_plain(sensitivity(model, input, targets));
       },
       "squared gradient of the logit: what would change it"},
      {"taylor",
       [](Sequential& model, const Tensor& input, const Labels& targets, const MethodChoice&) {
         return from_plain(simple_taylor(model, input, targets));
       },
       "gradient x input (Taylor expansion at the root point 0)"},
      {"lrp", lrp_of_choice,
       "layer-wise relevance propagation (--composite, or --rule everywhere)"},
      {"deep-taylor",
       [](Sequential& model, const Tensor& input, const Labels& targets,
          const MethodChoice& choice) {
         const auto domain = InputDomain::pixels(choice.settings.low, choice.settings.high);
         return deep_taylor(model, input, targets, domain, choice.options);
       },
       "LRP with the rule each layer's input domain calls for"},
      {"integrated-gradients", integrated_gradients_of_choice,
       "gradient averaged on the path from a baseline, x (input - baseline)"},
      {"smoothgrad",
       [](Sequential& model, const Tensor& input, const Labels& targets,
          const MethodChoice& choice) {
         return smooth_grad_of_choice(model, input, targets, choice, false);
       },
       "a gradient map averaged over noisy copies of the input"},
      {"smoothgrad-squared",
       [](Sequential& model, const Tensor& input, const Labels& targets,
          const MethodChoice& choice) {
         return smooth_grad_of_choice(model, input, targets, choice, true);
       },
       "SmoothGrad of the squared map"},
      {"occlusion",
       [](Sequential& model, const Tensor& input, const Labels& targets,
          const MethodChoice& choice) {
         OcclusionOptions options = choice.occlusion;
         options.value = choice.settings.low;
         return from_plain(occlusion(model, input, targets, options));
       },
       "drop of the logit when a sliding black patch covers the pixel"},
      {"guided-backprop",
       [](Sequential& model, const Tensor& input, const Labels& targets, const MethodChoice&) {
         return from_plain(guided_backprop(model, input, targets));
       },
       "gradient passing only positive signals through active ReLUs"},
      {"deconvnet",
       [](Sequential& model, const Tensor& input, const Labels& targets, const MethodChoice&) {
         return from_plain(deconvnet(model, input, targets));
       },
       "gradient passing positive signals through every ReLU, active or not"},
  };
  return table;
}

LrpExplanation explain_with(Sequential& model, const Tensor& input, const Labels& targets,
                            const MethodChoice& choice) {
  for (const MethodEntry& entry : method_table()) {
    if (entry.name == choice.method) return entry.explain(model, input, targets, choice);
  }
  throw ArgumentError("unknown explanation method \"" + choice.method +
                      "\" (known: " + names_of(method_table()) + ")");
}

std::string method_label(const MethodChoice& choice) {
  if (choice.method == "sensitivity") return "sensitivity";
  if (choice.method == "taylor") return "Taylor";
  if (choice.method == "deep-taylor") return "deep Taylor";
  if (choice.method == "integrated-gradients") {
    return "integrated gradients" + std::string(choice.baseline == "blur" ? " (blur)" : "");
  }
  if (choice.method == "smoothgrad" || choice.method == "smoothgrad-squared") {
    const std::string over = choice.smooth_over == "gradient" ? "" : " of " + choice.smooth_over;
    return (choice.method == "smoothgrad" ? "SmoothGrad" : "SmoothGrad squared") + over;
  }
  if (choice.method == "occlusion") return "occlusion";
  if (choice.method == "guided-backprop") return "guided backprop";
  if (choice.method == "deconvnet") return "deconvnet";
  return "LRP " + (choice.rule.empty() ? choice.composite : choice.rule);
}

std::vector<MethodChoice> comparison_methods() {
  std::vector<MethodChoice> methods(5);
  methods[0].method = "sensitivity";
  methods[1].method = "taylor";
  methods[2].rule = "alpha1-beta0";
  methods[3].composite = "epsilon-plus-zbox";
  methods[4].method = "deep-taylor";
  return methods;
}

}  // namespace glassbox::explain

namespace glassbox::explain {

std::vector<MethodChoice> other_toolbox_methods() {
  std::vector<MethodChoice> methods;
  for (const char* name : {"integrated-gradients", "smoothgrad", "smoothgrad-squared", "occlusion",
                           "guided-backprop", "deconvnet"}) {
    methods.emplace_back().method = name;
  }
  return methods;
}

std::vector<MethodChoice> methods_named(const std::string& names) {
  if (names.empty()) return comparison_methods();
  std::vector<MethodChoice> methods;
  std::size_t start = 0;
  while (start <= names.size()) {
    const std::size_t comma = std::min(names.find(',', start), names.size());
    MethodChoice choice;
    choice.method = names.substr(start, comma - start);
    const auto& table = method_table();
    if (std::none_of(table.begin(), table.end(),
                     [&](const MethodEntry& entry) { return entry.name == choice.method; })) {
      throw ArgumentError("unknown explanation method \"" + choice.method +
                          "\" (known: " + names_of(table) + ")");
    }
    methods.push_back(choice);
    start = comma + 1;
  }
  return methods;
}

}  // namespace glassbox::explain
