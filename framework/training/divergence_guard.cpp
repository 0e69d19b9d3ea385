#include "framework/training/divergence_guard.hpp"

#include <xtensor/xnoalias.hpp>

#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"

namespace glassbox {

DivergenceGuard::DivergenceGuard(std::vector<Parameter> parameters)
    : parameters_(std::move(parameters)) {}

void DivergenceGuard::keep_weights() {
  kept_.resize(parameters_.size());
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    resize_if_needed(kept_[i], shape_of(*parameters_[i].value));
    xt::noalias(kept_[i]) = *parameters_[i].value;
  }
}

void DivergenceGuard::restore_and_throw(const std::string& what_happened) const {
  for (std::size_t i = 0; i < kept_.size(); ++i) xt::noalias(*parameters_[i].value) = kept_[i];
  throw DivergenceError(what_happened +
                        "; the model keeps the weights of the last step whose loss was finite. "
                        "Try a smaller learning rate.");
}

}  // namespace glassbox
