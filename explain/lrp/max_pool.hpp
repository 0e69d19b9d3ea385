// Relevance through a max-pooling layer, docs/math/lrp.md eq. (12).
//
//   winner-take-all (12a):  R_i = Σ_o [i won window o] · R_o
//   proportional    (12b):  R_i = Σ_o [i in window o] · a_i / Σ_{i' in o} a_i' · R_o
//
// Winner-take-all sends each output's relevance to the input the forward pass took its value from
// (MaxPool2d::winners()): that is what the gradient does, so LRP-0 stays equal to gradient × input
// through it. Proportional treats the window as a sum and applies LRP-0 (eq. 4) to it, which
// spreads relevance more smoothly; it assumes inputs a ≥ 0 (ReLU outputs).
// Both conserve relevance (proportional up to windows whose inputs are all 0, which have R_o = 0
// after a ReLU anyway).
//
// Shapes: a = layer.input() N×C×H×W, R N×C×OH×OW, R_in N×C×H×W.
#pragma once

#include "framework/layers/max_pool2d.hpp"

namespace glassbox::explain {

enum class MaxPoolMode { winner_take_all, proportional };

// Uses the winners and the input of the layer's last forward batch. `epsilon` stabilises the
// proportional mode's denominators (eq. 3, step 2).
Tensor max_pool_relevance(const MaxPool2d& layer, const Tensor& relevance, MaxPoolMode mode,
                          float epsilon = 0.0f);

}  // namespace glassbox::explain
