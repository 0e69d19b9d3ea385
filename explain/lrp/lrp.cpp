#include "explain/lrp/lrp.hpp"

#include <cstdio>
#include <utility>

#include <xtensor/xbuilder.hpp>

#include "explain/gradient.hpp"
#include "explain/lrp/linear_layer.hpp"
#include "explain/lrp/lstm.hpp"
#include "explain/lrp/text_layers.hpp"
#include "framework/errors.hpp"
#include "framework/layers/dropout.hpp"
#include "framework/layers/embedding.hpp"
#include "framework/layers/flatten.hpp"
#include "framework/layers/parallel.hpp"
#include "framework/layers/relu.hpp"
#include "framework/layers/sigmoid.hpp"
#include "framework/layers/tanh.hpp"

namespace glassbox::explain {
namespace {

bool passes_relevance_on(const Layer& layer) {
  return dynamic_cast<const ReLU*>(&layer) || dynamic_cast<const Tanh*>(&layer) ||
         dynamic_cast<const Sigmoid*>(&layer) || dynamic_cast<const Dropout*>(&layer);
}

// Whether layer `index` sees the model's input itself, at most reshaped on the way.
bool reads_model_input(const Sequential& model, std::size_t index) {
  for (std::size_t l = 0; l < index; ++l) {
    if (!dynamic_cast<const Flatten*>(&model.layer(l))) return false;
  }
  return true;
}

// The rule for a layer with a rule choice, with LrpOptions::epsilon applied.
Rule chosen_rule(const Sequential& model, std::size_t index, const Composite& composite,
                 const LrpOptions& options) {
  const Layer& layer = model.layer(index);
  const Rule* found = composite.rule_for(model, index);
  if (!found && has_weights(layer)) {
    throw ArgumentError("LRP composite \"" + composite.name + "\" gives no rule for layer " +
                        std::to_string(index) + " (" + layer.type() + ")");
  }
  Rule rule = found ? *found : Rule{LrpZeroRule{}};  // AvgPool2d: the z-rule, eq. (13)
  if (options.epsilon) set_epsilon(rule, *options.epsilon);
  return rule;
}

Tensor relevance_through_all(const Sequential& model, Tensor relevance, const Composite& composite,
                             const LrpOptions& options);

// Branch b of a Parallel layer produced columns [offset_b, offset_b+1) of its output; each branch
// takes back the relevance of its columns, and since every branch read the same input, the input
// relevance is the sum of what the branches return.
Tensor parallel_relevance(const Sequential& model, std::size_t index, const Parallel& parallel,
                          const Tensor& relevance, const Composite& composite,
                          const LrpOptions& options) {
  const std::size_t samples = relevance.shape(0), width = relevance.shape(1);
  Tensor total;
  for (std::size_t b = 0; b < parallel.branch_count(); ++b) {
    const std::size_t first = parallel.output_offset(b);
    const std::size_t columns = parallel.output_offset(b + 1) - first;
    Tensor columns_of_branch = Tensor::from_shape({samples, columns});
    for (std::size_t n = 0; n < samples; ++n) {
      std::copy_n(relevance.data() + n * width + first, columns,
                  columns_of_branch.data() + n * columns);
    }
    Tensor branch = relevance_through_all(parallel.branch(b), std::move(columns_of_branch),
                                          composite.for_branch(model, index, b), options);
    if (b == 0) {
      total = std::move(branch);
    } else {
      total += branch;
    }
  }
  return total;
}

// How a layer was treated, for the conservation table.
struct Treatment {
  std::string description;  // the layer's type and its treatment
  std::string kept_by;      // what_absorbs (rule.hpp), or empty
};

// Relevance at the input of layer `index` from the relevance at its output. `relevance` is taken
// by value, so that the layers that pass it on unchanged (ReLU, flatten) hand back the same memory
// instead of a copy: 5 MB per batch of 100 behind each ReLU of the reference CNN.
Tensor relevance_through(const Sequential& model, std::size_t index, Tensor relevance,
                         const Composite& composite, const LrpOptions& options,
                         Treatment& treatment) {
  const Layer& layer = model.layer(index);
  std::string& description = treatment.description;
  description = layer.type();
  treatment.kept_by.clear();
  if (passes_relevance_on(layer)) return relevance;
  if (dynamic_cast<const Flatten*>(&layer)) {
    relevance.reshape(layer.input().shape());
    return relevance;
  }
  if (const auto* pool = dynamic_cast<const MaxPool2d*>(&layer)) {
    const bool winner = options.max_pool == MaxPoolMode::winner_take_all;
    description += winner ? " winner-take-all" : " proportional";
    // Proportional is LRP-0 on the window sums, without bias (max_pool.cpp).
    if (!winner)
      treatment.kept_by = what_absorbs(LrpZeroRule{options.epsilon.value_or(0.0f)}, false);
    return max_pool_relevance(*pool, relevance, options.max_pool, options.epsilon.value_or(0.0f));
  }
  if (const auto* pool = dynamic_cast<const MaxOverTime*>(&layer)) {
    description += " winner-take-all";
    return max_over_time_relevance(*pool, relevance);
  }
  if (dynamic_cast<const Embedding*>(&layer)) {
    description += " sum over dimensions";
    return word_relevance(relevance);
  }
  if (const auto* parallel = dynamic_cast<const Parallel*>(&layer)) {
    description += " of " + std::to_string(parallel->branch_count()) + " branches";
    return parallel_relevance(model, index, *parallel, relevance, composite, options);
  }
  if (const auto* lstm = dynamic_cast<const Lstm*>(&layer)) {
    // LRP-ε inside, with the composite's ε (lstm.hpp); 0 makes it LRP-0.
    const float epsilon = options.epsilon.value_or(lstm_epsilon(composite, model, index));
    const Rule rule = epsilon == 0.0f ? Rule{LrpZeroRule{}} : Rule{EpsilonRule{epsilon}};
    description += " " + rule_name(rule);
    treatment.kept_by = what_absorbs(rule, options.bias_takes_relevance);
    return lstm_relevance(*lstm, relevance, epsilon, options.bias_takes_relevance).input;
  }
  const auto* dense = dynamic_cast<const Dense*>(&layer);
  const auto* convolution = dynamic_cast<const Conv2d*>(&layer);
  const auto* sequence_convolution = dynamic_cast<const Conv1d*>(&layer);
  const auto* average = dynamic_cast<const AvgPool2d*>(&layer);
  if (!dense && !convolution && !sequence_convolution && !average) {
    throw ArgumentError("LRP has no relevance treatment for layer " + std::to_string(index) + " (" +
                        layer.type() + ")");
  }
  const Rule rule = chosen_rule(model, index, composite, options);
  description += " " + rule_name(rule);
  treatment.kept_by = what_absorbs(rule, options.bias_takes_relevance);
  const auto apply_rule = [&] {
    if (sequence_convolution) {
      return conv1d_relevance(*sequence_convolution, relevance, rule, options.bias_takes_relevance);
    }
    const LinearLayer linear = dense         ? LinearLayer(*dense)
                               : convolution ? LinearLayer(*convolution)
                                             : LinearLayer(*average);
    return propagate(linear, layer.input(), relevance, rule, options.bias_takes_relevance);
  };
  if (!std::holds_alternative<ZBoxRule>(rule)) return apply_rule();
  try {
    return apply_rule();
  } catch (const ArgumentError& error) {  // an input outside the box: say what the box was for
    if (reads_model_input(model, index)) {
      throw ArgumentError(std::string(error.what()) +
                          " (a rule for the first layer's pixels: is the pixel scaling right?)");
    }
    // Usually a box meant for pixels that landed further up, because the layers below have no
    // weights that composites select (the dense layer of an LSTM model, say).
    throw ArgumentError(std::string(error.what()) + "; LRP composite \"" + composite.name +
                        "\" puts the z-box rule on layer " + std::to_string(index) + " (" +
                        layer.type() +
                        "), which reads what the layers before it computed, not the model's "
                        "input: give the box that layer's range, or choose a composite without "
                        "it, such as \"epsilon\"");
  }
}

// Step 3 for a whole layer list (a model, or a branch of a Parallel layer).
Tensor relevance_through_all(const Sequential& model, Tensor relevance, const Composite& composite,
                             const LrpOptions& options) {
  Treatment treatment;
  for (std::size_t l = model.size(); l-- > 0;) {
    relevance = relevance_through(model, l, std::move(relevance), composite, options, treatment);
  }
  return relevance;
}

// Σ of each sample's relevance, in double so that the table shows what the layers did, not the
// rounding of the sum. It runs after every layer, over every entry: one sample per thread, and
// simd lets each thread add in several lanes (a plain double sum must keep its order, one
// addition after the other; serial, this took a tenth of LRP on the reference CNN).
std::vector<double> sample_totals(const Tensor& relevance) {
  const std::size_t samples = relevance.shape(0), per_sample = relevance.size() / samples;
  std::vector<double> totals(samples, 0.0);
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t index = 0; index < static_cast<std::ptrdiff_t>(samples); ++index) {
    const std::size_t n = static_cast<std::size_t>(index);
    const float* values = relevance.data() + n * per_sample;
    double sum = 0.0;
#pragma omp simd reduction(+ : sum)
    for (std::size_t i = 0; i < per_sample; ++i) sum += values[i];
    totals[n] = sum;
  }
  return totals;
}

}  // namespace

double ConservationTable::absorbed(std::size_t sample, std::size_t layer) const {
  return totals.at(sample).at(layer + 1) - totals.at(sample).at(layer);
}

std::string ConservationTable::format(std::size_t sample) const {
  const auto& row = totals.at(sample);
  const std::size_t layer_count = layers.size();
  char line[240];
  std::snprintf(line, sizeof line, "%-6s %-32s %14s %14s  %s\n", "layer", "treatment",
                "sum R at input", "absorbed", "kept by");
  std::string text = line;
  std::snprintf(line, sizeof line, "%-6s %-32s %14.6g\n", "output", "f(x)", row[layer_count]);
  text += line;
  for (std::size_t l = layer_count; l-- > 0;) {
    std::snprintf(line, sizeof line, "%-6zu %-32s %14.6g %14.6g  %s\n", l, layers[l].c_str(),
                  row[l], absorbed(sample, l), kept_by.at(l).c_str());
    text += line;
  }
  return text + "(absorbed: what the layer kept; negative: relevance it created)\n";
}

LrpExplanation lrp(Sequential& model, const Tensor& input, const Labels& targets,
                   const Composite& composite, const LrpOptions& options) {
  model.set_training(false);
  const Tensor& logits = model.forward(input);
  LrpExplanation result;
  result.targets = choose_targets(logits, targets);

  // Start: R = f_c(x) at the target logit, 0 elsewhere.
  const std::size_t samples = logits.shape(0), layer_count = model.size();
  Tensor relevance = xt::zeros<float>(logits.shape());
  for (std::size_t n = 0; n < samples; ++n) {
    const auto c = static_cast<std::size_t>(result.targets[n]);
    relevance(n, c) = logits(n, c);
    result.outputs.push_back(logits(n, c));
  }

  auto& table = result.conservation;
  table.layers.resize(layer_count);
  table.kept_by.resize(layer_count);
  table.totals.assign(samples, std::vector<double>(layer_count + 1, 0.0));
  if (options.keep_layer_relevances) result.layer_relevances.resize(layer_count + 1);
  auto record = [&](std::size_t level, const Tensor& r) {
    const auto totals = sample_totals(r);
    for (std::size_t n = 0; n < samples; ++n) table.totals[n][level] = totals[n];
    if (options.keep_layer_relevances) result.layer_relevances[level] = r;
  };

  record(layer_count, relevance);
  for (std::size_t l = layer_count; l-- > 0;) {
    Treatment treatment;
    relevance = relevance_through(model, l, std::move(relevance), composite, options, treatment);
    table.layers[l] = treatment.description;
    table.kept_by[l] = treatment.kept_by;
    record(l, relevance);
  }
  result.relevance = std::move(relevance);
  return result;
}

}  // namespace glassbox::explain
