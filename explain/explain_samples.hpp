// Explaining samples as they come (framework/samples.hpp): the chosen method (methods.hpp) on
// their inputs, for their class or the one asked for, within their pixel range. The one path the
// explanation commands share, for images and text alike; explain/writers/ then shows the result.
//
// Shapes: samples.inputs N×(sample shape); relevance the same; targets N.
//
// Memory: a method's work buffers grow with the samples it is given at once (every layer's input
// and output, kept for the backward pass, and the rules' intermediate z and s): about 0.3 MB per
// image for the reference CNN, so 1,000 images at once took 330 MB. explain_samples therefore
// runs the method on at most kExplainBatch samples at a time and writes each batch's results into
// the whole: the work buffers stay those of one batch whatever N is, and only the results (N
// heatmaps, one per input feature) grow with N. Every method but SmoothGrad explains each sample
// on its own, so the heatmaps are those of one call on all N samples (up to the rounding of
// matrix products whose shape depends on the batch). SmoothGrad draws its noise for a whole
// batch at once: past the first batch, its samples get other draws of the same noise.
#pragma once

#include "explain/methods.hpp"
#include "framework/samples.hpp"

namespace glassbox::explain {

// Samples per call of the method: as many as benchmarks and the figures explain at once.
inline constexpr std::size_t kExplainBatch = 100;

// The targets for N samples when `requested_class` is asked for (< 0: none, each sample's
// predicted class, which is what the empty list means). ArgumentError when the model has no
// such class.
Labels requested_targets(Sequential& model, int requested_class, std::size_t samples);

// explain_with on samples.inputs, `batch_size` samples at a time (above), with the input bounds
// of zᴮ and deep Taylor set to the samples' pixel range [samples.low, samples.high]. Relevance,
// targets, outputs, the conservation table's rows and (when kept) every layer's relevance cover
// all N samples, in order.
LrpExplanation explain_samples(Sequential& model, const Samples& samples, MethodChoice choice,
                               const Labels& targets = {}, std::size_t batch_size = kExplainBatch);

}  // namespace glassbox::explain
