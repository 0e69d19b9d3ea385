// What every explanation method returns: one relevance score per input feature, for one chosen
// logit per sample.
//
// Shapes: input N×(sample shape), e.g. N×1×28×28 or N×D; relevance the same shape as the input;
// targets and outputs N (N samples, K classes).
#pragma once

#include <vector>

#include "framework/tensor.hpp"

namespace glassbox::explain {

struct Explanation {
  Tensor relevance;            // R_i, same shape as the input batch
  Labels targets;              // the class c_n whose logit was explained, per sample
  std::vector<float> outputs;  // f_{c_n}(x_n): the explained logit of each sample, before softmax
};

}  // namespace glassbox::explain
