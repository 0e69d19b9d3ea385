#include "explain/lrp/rule.hpp"

#include <sstream>

#include "framework/errors.hpp"

namespace glassbox::explain {
namespace {

std::string number(float value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

std::string bounds(const Tensor& bound) {
  return bound.size() == 1 ? number(bound.data()[0]) : "per-feature";
}

}  // namespace

Tensor propagate(const LinearLayer& layer, const Tensor& activation, const Tensor& relevance,
                 const Rule& rule, bool with_bias) {
  // Overload resolution picks each rule's own propagate (z⁺, αβ, zᴮ, w², flat) or the core's
  // four steps (propagate.hpp) for the single-term rules.
  return std::visit(
      [&](const auto& chosen) {
        return propagate(layer, activation, relevance, chosen, with_bias);
      },
      rule);
}

const std::vector<RuleEntry>& rule_table() {
  using S = RuleSettings;
  static const std::vector<RuleEntry> table = {
      {"lrp-0", [](const S&) -> Rule { return LrpZeroRule{}; },
       "each input gets the share it contributed to z (eq. 4)"},
      {"epsilon", [](const S& s) -> Rule { return EpsilonRule{s.epsilon}; },
       "LRP-0 with epsilon added to every denominator: weak contributions explained less (eq. 5)"},
      {"gamma", [](const S& s) -> Rule { return GammaRule{s.gamma}; },
       "positive weights count 1 + gamma times (eq. 6)"},
      {"z-plus", [](const S&) -> Rule { return ZPlusRule{}; },
       "only positive contributions (eq. 7)"},
      {"alpha1-beta0",
       [](const S&) -> Rule {
         return AlphaBetaRule{1.0f, 0.0f};
       },
       "positive contributions only, as z-plus (eq. 8)"},
      {"alpha2-beta1",
       [](const S&) -> Rule {
         return AlphaBetaRule{2.0f, 1.0f};
       },
       "twice the positive part minus the negative part (eq. 8)"},
      {"z-box", [](const S& s) -> Rule { return ZBoxRule(s.low, s.high); },
       "inputs in the box [low, high], such as pixels: for the first layer (eq. 9)"},
      {"w-square", [](const S&) -> Rule { return WSquareRule{}; },
       "shares by squared weights, whatever the inputs (eq. 10)"},
      {"flat", [](const S&) -> Rule { return FlatRule{}; },
       "equal shares for every connected input (eq. 11)"},
  };
  return table;
}

Rule make_rule(const std::string& name, const RuleSettings& settings) {
  for (const RuleEntry& entry : rule_table()) {
    if (entry.name == name) return entry.make(settings);
  }
  throw ArgumentError("unknown LRP rule \"" + name + "\" (known: " + names_of(rule_table()) + ")");
}

std::string rule_name(const Rule& rule) {
  struct Namer {
    std::string operator()(const LrpZeroRule&) const { return "lrp-0"; }
    std::string operator()(const EpsilonRule& r) const {
      return "epsilon(" + number(r.epsilon) + ")";
    }
    std::string operator()(const GammaRule& r) const { return "gamma(" + number(r.gamma) + ")"; }
    std::string operator()(const ZPlusRule&) const { return "z-plus"; }
    std::string operator()(const AlphaBetaRule& r) const {
      return "alpha" + number(r.alpha) + "-beta" + number(r.beta);
    }
    std::string operator()(const ZBoxRule& r) const {
      return "z-box[" + bounds(r.low) + ", " + bounds(r.high) + "]";
    }
    std::string operator()(const WSquareRule&) const { return "w-square"; }
    std::string operator()(const FlatRule&) const { return "flat"; }
  };
  return std::visit(Namer{}, rule);
}

std::string what_absorbs(const Rule& rule, bool with_bias) {
  struct Absorbers {
    bool with_bias;
    // The rules of the form a_i ρ(w_ij) / (Σ_i a_i ρ(w_ij) + ρ(b_j) + ε·sign): their biases, or
    // without them the outputs no input contributes to.
    std::string proportional(float epsilon) const {
      return std::string(with_bias ? "biases" : "z = 0 outputs") +
             (epsilon > 1e-6f ? ", epsilon" : "");
    }
    std::string operator()(const LrpZeroRule& r) const { return proportional(r.epsilon); }
    std::string operator()(const EpsilonRule& r) const { return proportional(r.epsilon); }
    std::string operator()(const GammaRule& r) const { return proportional(r.epsilon); }
    std::string operator()(const ZPlusRule& r) const { return proportional(r.epsilon); }
    std::string operator()(const AlphaBetaRule& r) const {
      return proportional(r.epsilon) + (r.beta > 0.0f ? ", one-sided outputs" : "");
    }
    // No bias term: only ε, or an output whose every term is 0.
    std::string operator()(const ZBoxRule& r) const { return stabiliser(r.epsilon); }
    std::string operator()(const WSquareRule& r) const { return stabiliser(r.epsilon); }
    std::string operator()(const FlatRule& r) const { return stabiliser(r.epsilon); }
    static std::string stabiliser(float epsilon) { return epsilon > 1e-6f ? "epsilon" : ""; }
  };
  return std::visit(Absorbers{with_bias}, rule);
}

void set_epsilon(Rule& rule, float epsilon) {
  std::visit([epsilon](auto& chosen) { chosen.epsilon = epsilon; }, rule);
}

}  // namespace glassbox::explain
