// Where each prototype search starts (docs/math/activation_maximization.md, "Starts").
//
// Gradient ascent only climbs the hill it starts on. p(x) has a mode near every mixture mean, and
// the decoder's code space has a region for every kind of digit; a search that starts in another
// class's region ends in a look-alike of that class, with a low p(c|x). So the expert and decoder
// searches start where the classifier already sees the class:
//   simple   x̄ + noise·ε                                         ε ~ N(0, I)
//   expert   μ_k + noise·ε, the starts of class c going round the components whose mean μ_k the
//            classifier assigns to c (the most c-like one when it assigns none)
//   decoder  the codes u ~ N(0, I), out of 64 drawn per start, whose images g(u) have the largest
//            margin f_c − max_k f_k (the s-th start the s-th largest)
//
// Shapes: starts N×1×H×W (simple, expert) or N×Z (decoder), one per target.
#pragma once

#include <vector>

#include "explain/prototypes/prototypes.hpp"

namespace glassbox::explain {

// For every class c, the indices of `images` (N×sample shape) ordered by the margin
// f_c(x) − max_k f_k(x), largest first: the order of p(c|x), most c-like first.
std::vector<std::vector<std::size_t>> rank_by_class(Sequential& model, const Tensor& images);

// The starts of every target, seeded by settings.seed.
Tensor random_starts(Sequential& model, const Labels& targets, const PrototypeSettings& settings,
                     const PrototypeContext& context);

}  // namespace glassbox::explain
