// Whole-model LRP in double precision, written from docs/math/lrp.md's equations and sharing no
// code with explain/: the model's float32 weights are read from its layers, every activation is
// recomputed in double by plain loops over the connections (lrp_reference.hpp), and every rule is
// evaluated connection by connection:
//
//   rule          q_ij, input i's contribution to output j       q_j, the bias term       eq.
//   lrp-0         a_i w_ij                                        b_j                      (4)
//   epsilon       a_i w_ij   (denominator + ε·sign(z_j))          b_j                      (5)
//   gamma         a_i (w_ij + γ w_ij⁺)                            b_j + γ b_j⁺             (6)
//   z-plus        (a_i w_ij)⁺                                     b_j⁺                     (7)
//   alpha-beta    α · [(a_i w_ij)⁺, b_j⁺]  −  β · [(a_i w_ij)⁻, b_j⁻], two denominators    (8)
//   z-box         x_i w_ij − l w_ij⁺ − h w_ij⁻                    none                     (9)
//   w-square      w_ij²                                           none                     (10)
//   flat          1                                               none                     (11)
//
//   R_i = Σ_j q_ij / (Σ_i q_ij + q_j + ε·sign(z_j)) · R_j,   sign(0) = +1,   0 where that is 0,
//
// with q_j = 0 when biases take no relevance. Max-pooling: winner-take-all (12a, the first maximum
// of a window in row-major order) or proportional (12b); max over time: winner-take-all; Embedding:
// R_t = Σ_e R[e][t] (14); Parallel: each branch takes its columns' relevance, the input relevances
// of the branches are added; ReLU and Flatten pass relevance on.
//
// Layers: Dense, Conv2d, Conv1d, ReLU, MaxPool2d, Flatten, Embedding, MaxOverTime, Parallel.
// Rules are given in forward order, one per Dense, Conv2d and Conv1d layer (inside the branches of
// a Parallel layer: branch by branch).
//
// Shapes: as the model's; values are flat, in the model's row-major order.
#pragma once

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include <xtensor/xbuilder.hpp>

#include "framework/layers/conv1d.hpp"
#include "framework/layers/conv2d.hpp"
#include "framework/layers/dense.hpp"
#include "framework/layers/embedding.hpp"
#include "framework/layers/max_over_time.hpp"
#include "framework/layers/max_pool2d.hpp"
#include "framework/layers/parallel.hpp"
#include "framework/sequential.hpp"
#include "lrp_reference.hpp"

namespace glassbox::fidelity {

using testing::Connection;

struct ReferenceRule {
  enum class Kind { lrp_0, epsilon, gamma, z_plus, alpha_beta, z_box, w_square, flat };
  Kind kind = Kind::lrp_0;
  double epsilon = 0.0;  // LRP-ε's ε, or the stabiliser of another rule
  double gamma = 0.0, alpha = 1.0, beta = 0.0, low = 0.0, high = 1.0;
};

// The rules with the parameters and stabilisers the docs give them.
inline ReferenceRule lrp_0_rule() {
  return {ReferenceRule::Kind::lrp_0};
}
inline ReferenceRule epsilon_rule(double e) {
  return {ReferenceRule::Kind::epsilon, e};
}
inline ReferenceRule gamma_rule(double g) {
  return {ReferenceRule::Kind::gamma, 1e-9, g};
}
inline ReferenceRule z_plus_rule() {
  return {ReferenceRule::Kind::z_plus, 1e-9};
}
inline ReferenceRule alpha_beta_rule(double alpha, double beta) {
  return {ReferenceRule::Kind::alpha_beta, 1e-9, 0.0, alpha, beta};
}
inline ReferenceRule z_box_rule(double low, double high) {
  return {ReferenceRule::Kind::z_box, 1e-9, 0.0, 1.0, 0.0, low, high};
}
inline ReferenceRule w_square_rule() {
  return {ReferenceRule::Kind::w_square, 1e-9};
}
inline ReferenceRule flat_rule() {
  return {ReferenceRule::Kind::flat, 1e-9};
}

struct ReferenceSettings {
  bool biases_take_relevance = true;
  bool proportional_max_pool = false;
};

struct ReferenceResult {
  std::vector<double> relevance;  // at the model's input (per token for token ids)
  std::vector<double> outputs;    // f_c(x) of each sample
  // totals[n][l]: Σ of sample n's relevance at the input of (top-level) layer l; [L]: f_c(x).
  std::vector<std::vector<double>> totals;
};

namespace detail {

struct Values {
  std::vector<double> v;
  Shape shape;
};

// A layer list's forward pass: what each layer read, and what the pooling layers chose.
struct Trace {
  std::vector<Values> inputs;
  std::vector<std::vector<std::size_t>> winners;  // per layer (pooling only): input of each output
  std::vector<std::vector<Trace>> branches;       // per layer (Parallel only): one per branch
  std::vector<std::size_t> rule;                  // per layer with weights: its rule's index
};

inline double positive(double x) {
  return std::max(x, 0.0);
}
inline double negative(double x) {
  return std::min(x, 0.0);
}

// y_j = b_j + Σ_{i→j} x_i w_ij over a connection list.
inline Values linear(const std::vector<Connection>& connections, const Values& x,
                     const Tensor& weight, const Tensor& bias, const Shape& output_shape) {
  std::size_t outputs = 1;
  for (std::size_t d : output_shape) outputs *= d;
  Values y{std::vector<double>(outputs, 0.0), output_shape};
  std::vector<bool> started(outputs, false);
  for (const Connection& c : connections) {
    if (!started[c.output]) y.v[c.output] = bias.data()[c.bias];
    started[c.output] = true;
    y.v[c.output] += x.v[c.input] * weight.data()[c.weight];
  }
  return y;
}

// Each output's window as connections (weight and bias index 0), its inputs in row-major order:
// C×H×W maps, kh×kw windows.
inline std::vector<Connection> pooling_windows(std::size_t samples, std::size_t channels,
                                               std::size_t height, std::size_t width,
                                               std::size_t kernel_height, std::size_t kernel_width,
                                               std::size_t stride) {
  const std::size_t out_height = (height - kernel_height) / stride + 1;
  const std::size_t out_width = (width - kernel_width) / stride + 1;
  std::vector<Connection> windows;
  for (std::size_t m = 0; m < samples * channels; ++m) {
    for (std::size_t oy = 0; oy < out_height; ++oy) {
      for (std::size_t ox = 0; ox < out_width; ++ox) {
        for (std::size_t u = 0; u < kernel_height; ++u) {
          for (std::size_t v = 0; v < kernel_width; ++v) {
            windows.push_back({(m * height + oy * stride + u) * width + ox * stride + v, 0, 0,
                               (m * out_height + oy) * out_width + ox});
          }
        }
      }
    }
  }
  return windows;
}

// The connections of a layer with weights, for its input of shape `in`.
inline std::vector<Connection> connections_of(const Layer& layer, const Shape& in) {
  if (const auto* dense = dynamic_cast<const Dense*>(&layer)) {
    return testing::dense_connections(in[0], in[1], dense->weight().shape(1));
  }
  if (const auto* conv = dynamic_cast<const Conv2d*>(&layer)) {
    const Conv2dSettings& s = conv->settings();
    return testing::conv_connections(in[0], in[1], in[2], in[3], s.out_channels, s.kernel_height,
                                     s.stride, s.padding);
  }
  const auto& conv = dynamic_cast<const Conv1d&>(layer);
  return testing::sequence_connections(in[0], in[1], in[2], conv.weight().shape(0),
                                       conv.weight().shape(2));
}

inline Shape output_shape_of(const Layer& layer, const Shape& in) {
  Shape out{in[0]};
  const Shape sample = layer.output_shape(Shape(in.begin() + 1, in.end()));
  out.insert(out.end(), sample.begin(), sample.end());
  return out;
}

inline const Tensor& weight_of(const Layer& layer) {
  if (const auto* dense = dynamic_cast<const Dense*>(&layer)) return dense->weight();
  if (const auto* conv = dynamic_cast<const Conv2d*>(&layer)) return conv->weight();
  return dynamic_cast<const Conv1d&>(layer).weight();
}

inline const Tensor& bias_of(const Layer& layer) {
  if (const auto* dense = dynamic_cast<const Dense*>(&layer)) return dense->bias();
  if (const auto* conv = dynamic_cast<const Conv2d*>(&layer)) return conv->bias();
  return dynamic_cast<const Conv1d&>(layer).bias();
}

inline bool has_weights(const Layer& layer) {
  return dynamic_cast<const Dense*>(&layer) || dynamic_cast<const Conv2d*>(&layer) ||
         dynamic_cast<const Conv1d*>(&layer);
}

// The forward pass of a layer list in double; `next_rule` counts the layers with weights.
inline Values forward(const Sequential& model, Values x, Trace& trace, std::size_t& next_rule) {
  for (std::size_t l = 0; l < model.size(); ++l) {
    const Layer& layer = model.layer(l);
    trace.inputs.push_back(x);
    trace.winners.emplace_back();
    trace.branches.emplace_back();
    const Shape out = layer.type() == "Embedding" ? Shape{} : output_shape_of(layer, x.shape);
    const std::string type = layer.type();
    if (has_weights(layer)) {
      trace.rule.push_back(next_rule++);
      x = linear(connections_of(layer, x.shape), x, weight_of(layer), bias_of(layer), out);
    } else if (type == "ReLU") {
      for (double& value : x.v) value = positive(value);
    } else if (type == "Flatten") {
      x.shape = out;
    } else if (type == "MaxPool2d" || type == "MaxOverTime") {
      std::vector<Connection> windows;
      if (type == "MaxPool2d") {
        const auto& pool = dynamic_cast<const MaxPool2d&>(layer);
        windows = pooling_windows(x.shape[0], x.shape[1], x.shape[2], x.shape[3], pool.kernel(),
                                  pool.kernel(), pool.stride());
      } else {  // N×F×L: the whole sequence is one window
        windows = pooling_windows(x.shape[0], x.shape[1], x.shape[2], 1, x.shape[2], 1, 1);
      }
      std::size_t outputs = 1;
      for (std::size_t d : out) outputs *= d;
      std::vector<std::size_t>& winners = trace.winners.back();
      winners.assign(outputs, SIZE_MAX);
      for (const Connection& c : windows) {  // windows list their inputs in row-major order
        if (winners[c.output] == SIZE_MAX || x.v[c.input] > x.v[winners[c.output]]) {
          winners[c.output] = c.input;
        }
      }
      Values y{std::vector<double>(outputs), out};
      for (std::size_t o = 0; o < outputs; ++o) y.v[o] = x.v[winners[o]];
      x = std::move(y);
    } else if (type == "Embedding") {
      const Tensor& table = dynamic_cast<const Embedding&>(layer).table();
      const std::size_t documents = x.shape[0], tokens = x.shape[1], dims = table.shape(1);
      Values y{std::vector<double>(documents * dims * tokens), {documents, dims, tokens}};
      for (std::size_t n = 0; n < documents; ++n) {
        for (std::size_t t = 0; t < tokens; ++t) {
          const auto id = static_cast<std::size_t>(x.v[n * tokens + t]);
          for (std::size_t e = 0; e < dims; ++e) {
            y.v[(n * dims + e) * tokens + t] = table.data()[id * dims + e];
          }
        }
      }
      x = std::move(y);
    } else if (const auto* parallel = dynamic_cast<const Parallel*>(&layer)) {
      const std::size_t samples = x.shape[0], width = out[1];
      Values y{std::vector<double>(samples * width), out};
      for (std::size_t b = 0; b < parallel->branch_count(); ++b) {
        trace.branches.back().emplace_back();
        const Values part =
            forward(parallel->branch(b), x, trace.branches.back().back(), next_rule);
        const std::size_t columns = part.shape[1], first = parallel->output_offset(b);
        for (std::size_t n = 0; n < samples; ++n) {
          for (std::size_t k = 0; k < columns; ++k)
            y.v[n * width + first + k] = part.v[n * columns + k];
        }
      }
      x = std::move(y);
    } else {
      throw std::logic_error("the LRP reference has no " + type + " layer");
    }
  }
  return x;
}

// One rule's redistribution: R_i = Σ_j q_ij / (Σ_i q_ij + q_j + ε·sign(z_j)) · R_j.
inline std::vector<double> redistribute(const std::vector<Connection>& connections, const Values& a,
                                        const Tensor& weight, const Tensor& bias,
                                        const std::vector<double>& relevance,
                                        const ReferenceRule& rule, bool with_bias) {
  using Kind = ReferenceRule::Kind;
  auto run = [&](auto contribution, auto bias_term) {
    auto taken = [&](double b) { return with_bias ? bias_term(b) : 0.0; };
    return testing::reference_relevance(connections, a.v, weight, bias, relevance, contribution,
                                        taken, rule.epsilon);
  };
  auto none = [](double) { return 0.0; };
  switch (rule.kind) {
    case Kind::lrp_0:
    case Kind::epsilon:
      return run([](std::size_t, double x, double w) { return x * w; }, [](double b) { return b; });
    case Kind::gamma: {
      const double g = rule.gamma;
      return run([g](std::size_t, double x, double w) { return x * (w + g * positive(w)); },
                 [g](double b) { return b + g * positive(b); });
    }
    case Kind::z_plus:
      return run([](std::size_t, double x, double w) { return positive(x * w); },
                 [](double b) { return positive(b); });
    case Kind::alpha_beta: {
      const auto plus = run([](std::size_t, double x, double w) { return positive(x * w); },
                            [](double b) { return positive(b); });
      const auto minus = run([](std::size_t, double x, double w) { return negative(x * w); },
                             [](double b) { return negative(b); });
      std::vector<double> result(plus.size());
      for (std::size_t i = 0; i < result.size(); ++i) {
        result[i] = rule.alpha * plus[i] - rule.beta * minus[i];
      }
      return result;
    }
    case Kind::z_box: {
      const double l = rule.low, h = rule.high;
      return run([l, h](std::size_t, double x,
                        double w) { return x * w - l * positive(w) - h * negative(w); },
                 none);
    }
    case Kind::w_square:
      return run([](std::size_t, double, double w) { return w * w; }, none);
    case Kind::flat:
      return run([](std::size_t, double, double) { return 1.0; }, none);
  }
  throw std::logic_error("unknown reference rule");
}

inline double sample_total(const std::vector<double>& values, std::size_t samples, std::size_t n) {
  const std::size_t per = values.size() / samples;
  double total = 0.0;
  for (std::size_t i = 0; i < per; ++i) total += values[n * per + i];
  return total;
}

// Relevance at the input of a layer list from the relevance at its output; `totals`, when given,
// gets Σ per sample at the input of each layer.
inline std::vector<double> backward(const Sequential& model, const Trace& trace,
                                    std::vector<double> relevance,
                                    const std::vector<ReferenceRule>& rules,
                                    const ReferenceSettings& settings,
                                    std::vector<std::vector<double>>* totals) {
  std::size_t weighted = trace.rule.size();
  for (std::size_t l = model.size(); l-- > 0;) {
    const Layer& layer = model.layer(l);
    const Values& a = trace.inputs[l];
    const std::string type = layer.type();
    if (has_weights(layer)) {
      relevance =
          redistribute(connections_of(layer, a.shape), a, weight_of(layer), bias_of(layer),
                       relevance, rules.at(trace.rule[--weighted]), settings.biases_take_relevance);
    } else if (type == "MaxPool2d" && settings.proportional_max_pool) {
      const auto& pool = dynamic_cast<const MaxPool2d&>(layer);
      const Tensor one = xt::ones<float>({1});
      const Tensor zero = xt::zeros<float>({1});
      relevance = testing::reference_relevance(
          pooling_windows(a.shape[0], a.shape[1], a.shape[2], a.shape[3], pool.kernel(),
                          pool.kernel(), pool.stride()),
          a.v, one, zero, relevance, [](std::size_t, double x, double) { return x; },
          [](double) { return 0.0; }, 0.0);
    } else if (type == "MaxPool2d" || type == "MaxOverTime") {
      std::vector<double> routed(a.v.size(), 0.0);
      const auto& winners = trace.winners[l];
      for (std::size_t o = 0; o < winners.size(); ++o) routed[winners[o]] += relevance[o];
      relevance = std::move(routed);
    } else if (type == "Embedding") {
      const std::size_t documents = a.shape[0], tokens = a.shape[1];
      const std::size_t dims = relevance.size() / (documents * tokens);
      std::vector<double> per_token(documents * tokens, 0.0);
      for (std::size_t n = 0; n < documents; ++n) {
        for (std::size_t e = 0; e < dims; ++e) {
          for (std::size_t t = 0; t < tokens; ++t) {
            per_token[n * tokens + t] += relevance[(n * dims + e) * tokens + t];
          }
        }
      }
      relevance = std::move(per_token);
    } else if (const auto* parallel = dynamic_cast<const Parallel*>(&layer)) {
      const std::size_t samples = a.shape[0], width = relevance.size() / samples;
      std::vector<double> sum(a.v.size(), 0.0);
      for (std::size_t b = 0; b < parallel->branch_count(); ++b) {
        const std::size_t first = parallel->output_offset(b);
        const std::size_t columns = parallel->output_offset(b + 1) - first;
        std::vector<double> part(samples * columns);
        for (std::size_t n = 0; n < samples; ++n) {
          for (std::size_t k = 0; k < columns; ++k)
            part[n * columns + k] = relevance[n * width + first + k];
        }
        const auto branch =
            backward(parallel->branch(b), trace.branches[l][b], part, rules, settings, nullptr);
        for (std::size_t i = 0; i < sum.size(); ++i) sum[i] += branch[i];
      }
      relevance = std::move(sum);
    }  // ReLU, Flatten: unchanged
    if (totals) {
      for (std::size_t n = 0; n < totals->size(); ++n) {
        (*totals)[n][l] = sample_total(relevance, totals->size(), n);
      }
    }
  }
  return relevance;
}

}  // namespace detail

// LRP of the logit of class targets[n] for every sample n of `input`.
inline ReferenceResult reference_lrp(const Sequential& model, const Tensor& input,
                                     const Labels& targets, const std::vector<ReferenceRule>& rules,
                                     const ReferenceSettings& settings = {}) {
  detail::Values x{std::vector<double>(input.begin(), input.end()),
                   Shape(input.shape().begin(), input.shape().end())};
  detail::Trace trace;
  std::size_t next_rule = 0;
  const detail::Values logits = detail::forward(model, x, trace, next_rule);
  if (next_rule != rules.size()) {
    throw std::logic_error("the LRP reference needs one rule per layer with weights");
  }
  const std::size_t samples = logits.shape[0], classes = logits.shape[1];
  ReferenceResult result;
  std::vector<double> relevance(logits.v.size(), 0.0);
  result.totals.assign(samples, std::vector<double>(model.size() + 1, 0.0));
  for (std::size_t n = 0; n < samples; ++n) {
    const std::size_t at = n * classes + static_cast<std::size_t>(targets.at(n));
    relevance[at] = logits.v[at];
    result.outputs.push_back(logits.v[at]);
    result.totals[n][model.size()] = logits.v[at];
  }
  result.relevance = detail::backward(model, trace, relevance, rules, settings, &result.totals);
  return result;
}

}  // namespace glassbox::fidelity
