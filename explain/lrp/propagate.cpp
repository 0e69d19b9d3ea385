#include "explain/lrp/propagate.hpp"

#include <algorithm>
#include <utility>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>

#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"
#include "framework/shape.hpp"

namespace glassbox::explain {
namespace {

// Entry-by-entry steps over fewer values than this run on one thread: below it, starting the
// threads costs more than they save (the threshold of the ReLU layer, framework/layers/relu.cpp).
constexpr std::ptrdiff_t minimum_size_to_split = 1 << 16;

}  // namespace

Tensor modified_forward(const LinearLayer& layer, const ModifiedParameters& modified,
                        const Tensor& activation) {
  Tensor output;
  if (modified.unchanged && layer.recorded_output(activation, output)) return output;
  layer.forward(activation, modified.weight, modified.bias, output);
  return output;
}

Tensor modified_forward_of_ones(const LinearLayer& layer, const ModifiedParameters& modified,
                                const Tensor& activation) {
  const std::size_t samples = activation.shape(0);
  Shape sample_shape = shape_of(activation);
  sample_shape[0] = 1;
  const Tensor ones = xt::ones<float>(sample_shape);
  Tensor one;
  layer.forward(ones, modified.weight, modified.bias, one);
  Shape batch_shape = shape_of(one);
  batch_shape[0] = samples;
  Tensor output = Tensor::from_shape(batch_shape);
  // 5 MB for a batch of 100 after the reference CNN's first convolution: shared among the threads.
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t n = 0; n < static_cast<std::ptrdiff_t>(samples); ++n)
    std::copy_n(one.data(), one.size(), output.data() + static_cast<std::size_t>(n) * one.size());
  return output;
}

Tensor stabilized_divide(const Tensor& relevance, Tensor output, float epsilon) {
  if (relevance.shape() != output.shape()) {
    throw ArgumentError("LRP: the relevance " + shape_to_string(shape_of(relevance)) +
                        " does not have the shape of the layer's output " +
                        shape_to_string(shape_of(output)));
  }
  const float* r = relevance.data();
  float* z = output.data();  // becomes s
  const auto size = static_cast<std::ptrdiff_t>(output.size());
#pragma omp parallel for simd if (parallel : size > minimum_size_to_split)
  for (std::ptrdiff_t j = 0; j < size; ++j) {
    // sign(0) = +1, not 0: the stabiliser exists for z = 0, and with sign(0) = 0 exactly that z
    // would stay 0 and be divided by. With +1 it becomes ε, and the division stays finite.
    const float stabilized = z[j] + (z[j] >= 0.0f ? epsilon : -epsilon);
    // Reached only with ε = 0: nothing contributes to this output (every a_i ρ(w_ij) is 0, e.g.
    // the negative part of a layer without negative weights), so it has no one to pass R to.
    // The division runs on every entry (by 1 there), which keeps the loop free of branches and
    // vectorised.
    const bool none = stabilized == 0.0f;
    const float share = r[j] / (none ? 1.0f : stabilized);
    z[j] = none ? 0.0f : share;
  }
  return output;
}

Tensor modified_backward(const LinearLayer& layer, const ModifiedParameters& modified,
                         const Tensor& ratio) {
  Tensor gradient;
  layer.backward(ratio, modified.weight, gradient);
  return gradient;
}

namespace {

bool all_zero(const Tensor& values) {
  return std::all_of(values.data(), values.data() + values.size(),
                     [](float value) { return value == 0.0f; });
}

}  // namespace

Tensor propagate_terms(const LinearLayer& layer, const std::vector<Term>& terms, const Tensor& bias,
                       const Tensor& relevance, float epsilon) {
  std::vector<const Term*> active;  // the first term, and every other one with some a_t ≠ 0
  for (const Term& term : terms) {
    if (active.empty() || !all_zero(term.activation)) active.push_back(&term);
  }
  // 1. z = Σ_t ρ_t(W)·a_t + ρ(b): the bias joins the first term.
  const Tensor no_bias = xt::zeros_like(bias);
  Tensor output, term_output;
  for (const Term* term : active) {
    const bool first = term == active.front();
    layer.forward(term->activation, term->weight, first ? bias : no_bias,
                  first ? output : term_output);
    if (!first) xt::noalias(output) += term_output;
  }
  // 2. s = R ⊘ (z + ε·sign(z))
  const Tensor ratio = stabilized_divide(relevance, std::move(output), epsilon);
  // 3.–4. R_in = Σ_t a_t ⊙ ρ_t(W)ᵀ·s
  Tensor result, gradient;
  for (const Term* term : active) {
    if (term == active.front()) {
      layer.backward(ratio, term->weight, result);
      multiply_in_place(result, term->activation);
    } else {
      layer.backward(ratio, term->weight, gradient);
      xt::noalias(result) += term->activation * gradient;
    }
  }
  return result;
}

void multiply_in_place(Tensor& values, const Tensor& factors) {
  if (values.shape() != factors.shape()) {
    throw ArgumentError("LRP: the gradient " + shape_to_string(shape_of(values)) +
                        " does not have the shape of the activation " +
                        shape_to_string(shape_of(factors)));
  }
  float* v = values.data();
  const float* f = factors.data();
  const auto size = static_cast<std::ptrdiff_t>(values.size());
#pragma omp parallel for simd if (parallel : size > minimum_size_to_split)
  for (std::ptrdiff_t i = 0; i < size; ++i) v[i] *= f[i];
}

Tensor positive_part(const Tensor& values) {
  return xt::maximum(values, 0.0f);
}

Tensor negative_part(const Tensor& values) {
  return xt::minimum(values, 0.0f);
}

bool nonnegative(const Tensor& values) {
  return std::all_of(values.data(), values.data() + values.size(),
                     [](float value) { return value >= 0.0f; });
}

}  // namespace glassbox::explain
