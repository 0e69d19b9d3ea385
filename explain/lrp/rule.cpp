#include "explain/lrp/rule.hpp"

#include <sstream>

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
  // Overload resolution picks each rule's own propagate (αβ, zᴮ, w², flat) or the core's
  // four steps (propagate.hpp) for the single-term rules.
  return std::visit(
      [&](const auto& chosen) {
        return propagate(layer, activation, relevance, chosen, with_bias);
      },
      rule);
}

std::string rule_name(const Rule& rule) {
  struct Namer {
    std::string operator()(const LrpZeroRule&) const { return "LRP-0"; }
    std::string operator()(const EpsilonRule& r) const {
      return "LRP-epsilon(" + number(r.epsilon) + ")";
    }
    std::string operator()(const GammaRule& r) const {
      return "LRP-gamma(" + number(r.gamma) + ")";
    }
    std::string operator()(const ZPlusRule&) const { return "z-plus"; }
    std::string operator()(const AlphaBetaRule& r) const {
      return "LRP-alpha" + number(r.alpha) + "-beta" + number(r.beta);
    }
    std::string operator()(const ZBoxRule& r) const {
      return "z-box[" + bounds(r.low) + ", " + bounds(r.high) + "]";
    }
    std::string operator()(const WSquareRule&) const { return "w-square"; }
    std::string operator()(const FlatRule&) const { return "flat"; }
  };
  return std::visit(Namer{}, rule);
}

void set_epsilon(Rule& rule, float epsilon) {
  std::visit([epsilon](auto& chosen) { chosen.epsilon = epsilon; }, rule);
}

}  // namespace glassbox::explain
