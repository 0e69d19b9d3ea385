// A composite: which LRP rule each layer of a model gets, as a plain list of
// (which layers, rule) entries. The first entry that matches a layer decides its rule.
//
//   Composite composite{"mine", {}, {}};
//   composite.add(LayerSelector::first_with_weights(), ZBoxRule(0.0f, 1.0f))
//            .add(LayerSelector::of_type("Dense"), EpsilonRule{0.25f})
//            .add(LayerSelector::with_weights(), ZPlusRule{});
//
// Only layers with a rule choice are looked up: Dense, Conv2d and Conv1d (an error when nothing
// matches), and AvgPool2d (LRP-0, the z-rule of docs/math/lrp.md eq. 13, when nothing matches).
// Every other layer has one fixed treatment (lrp.hpp). The named presets are in composite_table.
//
// Layers inside the branches of a Parallel layer (a text CNN) get their rules from a composite for
// that branch: one given in `branch_composites`, else the model's composite read inside the branch
// (Composite::for_branch).
//
// Shapes: none; layers are named by their position in the Sequential (0 = first).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "explain/lrp/rule.hpp"
#include "framework/sequential.hpp"

namespace glassbox::explain {

struct LayerSelector {
  enum class Kind { index, type, first_with_weights, with_weights };
  Kind kind = Kind::with_weights;
  std::size_t index = 0;  // Kind::index: the layer's position
  std::string type;       // Kind::type: Layer::type(), e.g. "Dense", "Conv2d", "AvgPool2d"

  static LayerSelector at(std::size_t index) { return {Kind::index, index, ""}; }
  static LayerSelector of_type(std::string type) { return {Kind::type, 0, std::move(type)}; }
  // The first Dense, Conv2d or Conv1d of the model: the one that sees the raw input. None when a
  // Parallel layer comes first: then its branches' first layers are (for_branch).
  static LayerSelector first_with_weights() { return {Kind::first_with_weights, 0, ""}; }
  // Every Dense, Conv2d and Conv1d.
  static LayerSelector with_weights() { return {Kind::with_weights, 0, ""}; }

  bool matches(const Sequential& model, std::size_t layer) const;
};

struct CompositeEntry {
  LayerSelector layers;
  Rule rule;
};

struct Composite;

// The composites of the branches of the Parallel layer at position `layer`: [b] for branch b.
struct BranchComposites {
  std::size_t layer = 0;
  std::vector<Composite> branches;
};

struct Composite {
  std::string name;
  std::vector<CompositeEntry> entries;
  std::vector<BranchComposites> branch_composites;  // only where a branch needs its own

  Composite& add(LayerSelector layers, Rule rule);
  // The rule of the first entry matching layer `layer`, or nullptr when none does.
  const Rule* rule_for(const Sequential& model, std::size_t layer) const;

  // The composite for branch `branch` of the Parallel layer at position `parallel` of `model`:
  // the one in branch_composites if given, else this one without the entries that name positions
  // (they name the model's layers, not the branch's) and, when a layer with weights comes before
  // the Parallel one, without the "first layer with weights" entries (the raw input is not the
  // branch's input then).
  Composite for_branch(const Sequential& model, std::size_t parallel, std::size_t branch) const;
};

// Layers whose rule a composite chooses.
bool has_weights(const Layer& layer);  // Dense, Conv2d, Conv1d

// A named composite: the command line's --composite, and the rows of tutorial 2.
struct CompositePreset {
  std::string name;
  std::function<Composite(const RuleSettings&)> make;
  std::string description;  // one line, for help texts
};

// The named presets (docs/math/lrp.md, "Composites"):
//   "lrp-0"               LRP-0 on every layer with weights
//   "epsilon"             LRP-ε on every layer with weights (the usual choice for text models)
//   "gamma"               LRP-γ on every layer with weights
//   "alpha1-beta0"        LRP-α1β0 everywhere, as in the paper's figures (= z⁺ for inputs ≥ 0)
//   "alpha2-beta1"        LRP-α2β1 everywhere
//   "epsilon-plus-zbox"   zᴮ on the first layer with weights, then z⁺ on Conv2d, ε on Dense
//   "epsilon-gamma-zbox"  zᴮ on the first layer with weights, then γ on Conv2d, ε on Dense
//   "epsilon-plus-flat"   flat on the first layer with weights, then z⁺ on Conv2d, ε on Dense
//                         (Zennit's EpsilonPlusFlat, for inputs without known bounds)
// Deep Taylor decomposition, whose rules follow each layer's input domain, is
// deep_taylor_composite (explain/deep_taylor.hpp).
const std::vector<CompositePreset>& composite_table();

// The preset called `name`; throws ArgumentError listing the names for an unknown one.
Composite make_composite(const std::string& name, const RuleSettings& settings = {});

}  // namespace glassbox::explain
