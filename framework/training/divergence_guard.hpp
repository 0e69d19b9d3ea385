// What every trainer does when the loss stops being finite (a learning rate too large, usually):
// stop at once, and give the model back the weights of the last step whose loss was finite, not
// the ones that produced inf or NaN.
//
// training_step (training_step.hpp) calls keep_weights() after each finite loss, before the
// optimizer changes the weights; the trainer, seeing a loss that is not finite, calls
// restore_and_throw() with where it happened. The price is one copy of every parameter per step,
// less than the optimizer's own pass over them (which reads the gradient and its state too).
#pragma once

#include <string>
#include <vector>

#include "framework/layers/layer.hpp"

namespace glassbox {

class DivergenceGuard {
 public:
  // The parameters θ a trainer updates (one model's, or an encoder's and a decoder's together).
  explicit DivergenceGuard(std::vector<Parameter> parameters);

  const std::vector<Parameter>& parameters() const { return parameters_; }

  // Copies the current values of the parameters: the weights to go back to.
  void keep_weights();

  // Puts back the values kept last (if any) and throws DivergenceError: `what_happened` (which
  // loss, where), then what the model holds now and what to try.
  [[noreturn]] void restore_and_throw(const std::string& what_happened) const;

 private:
  std::vector<Parameter> parameters_;
  std::vector<Tensor> kept_;  // empty until keep_weights()
};

}  // namespace glassbox
