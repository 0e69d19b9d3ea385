// The maps an explorer report shows (explain/report/): every method of docs/math/explanations.md
// and every LRP rule of docs/math/lrp.md, each a "family" the page draws as one card; the
// families with a parameter (LRP-ε, LRP-γ) are computed at several values and the page's slider
// switches between them.
//
//   family           maps
//   sensitivity      (∂f_c/∂x_i)²
//   taylor           x_i · ∂f_c/∂x_i
//   lrp-0            LRP-0 on every layer
//   epsilon          LRP-ε on every layer, ε ∈ ReportSettings::epsilons
//   gamma            LRP-γ on every layer, γ ∈ ReportSettings::gammas
//   z-plus           z⁺ on every layer
//   alpha1-beta0     αβ with α = 1, β = 0
//   alpha2-beta1     αβ with α = 2, β = 1
//   z-box-first      zᴮ on the first layer, then z⁺ on convolutions and ε on dense layers
//   w-square-first   the same with w² on the first layer
//   flat-first       the same with flat on the first layer
//   deep-taylor      the rules each layer's input domain calls for
//
// A map with one rule everywhere is computed exactly as `glassbox explain --method lrp --rule R
// [--epsilon v | --gamma v]` computes it (explain_samples), so the page's numbers are the .npy's.
//
// Shapes: samples.inputs N×C×H×W (images) or N×F (documents); every map's relevance the same.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "explain/lrp/lrp.hpp"
#include "framework/samples.hpp"

namespace glassbox::explain {

struct ReportSettings {
  std::vector<float> epsilons = {0.01f, 0.1f, 0.25f, 1.0f, 4.0f};
  std::vector<float> gammas = {0.01f, 0.1f, 0.25f, 1.0f, 4.0f};
  float epsilon = 0.25f;  // of the composites' dense layers (the default of `explain`)
};

struct ReportMethod {
  std::string id;           // unique, for the page: "epsilon-0.25"
  std::string family;       // the card it is drawn on: "epsilon"
  std::string label;        // the card's title: "LRP-ε"
  std::string parameter;    // "ε" or "γ" for a family with a slider; empty otherwise
  float value = 0.0f;       // the parameter's value
  std::string description;  // one line under the card
  // zᴮ, w² and flat need the first layer to read pixels in a box: not for word features or
  // embeddings, so a text model's report leaves these maps out.
  bool images_only = false;
  std::function<LrpExplanation(Sequential&, const Samples&)> explain;
};

// Every map, grouped by family in the order of the table above, each family's values ascending.
std::vector<ReportMethod> report_methods(const ReportSettings& settings = {});

}  // namespace glassbox::explain
