// Explaining samples as they come (framework/samples.hpp): the chosen method (methods.hpp) on
// their inputs, for their class or the one asked for, within their pixel range. The one path the
// explanation commands share, for images and text alike; explain/writers/ then shows the result.
//
// Shapes: samples.inputs N×(sample shape); relevance the same; targets N.
#pragma once

#include "explain/methods.hpp"
#include "framework/samples.hpp"

namespace glassbox::explain {

// The targets for N samples when `requested_class` is asked for (< 0: none, each sample's
// predicted class, which is what the empty list means). ArgumentError when the model has no
// such class.
Labels requested_targets(Sequential& model, int requested_class, std::size_t samples);

// explain_with on samples.inputs, with the input bounds of zᴮ and deep Taylor set to the samples'
// pixel range [samples.low, samples.high].
LrpExplanation explain_samples(Sequential& model, const Samples& samples, MethodChoice choice,
                               const Labels& targets = {});

}  // namespace glassbox::explain
