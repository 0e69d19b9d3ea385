// Naive LRP references for the rule tests, written from docs/math/lrp.md and sharing nothing with
// explain/: plain loops list every connection (input i → output j) of a Dense or Conv2d layer,
// and a rule's equation is evaluated connection by connection, in double precision:
//
//   z_j = Σ_{i→j} q_ij + q_j,     z_j ← z_j + ε·sign(z_j) with sign(0) = +1,
//   R_i = Σ_{j: i→j} q_ij / z_j · R_j     (0 where z_j = 0)
//
// Each test supplies q_ij = contribution(i, x_i, w_ij) and q_j = bias_term(b_j) straight from its
// rule's equation; `i` is the flat index of the input in the batch.
//
// Shapes: Dense x N×D, W D×K, b K; Conv2d x N×C×H×W, W F×C×kh×kw, b F (N samples, D inputs,
// K outputs, C channels, F filters, H×W pixels, kh×kw kernel).
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "framework/layers/conv2d.hpp"
#include "framework/layers/dense.hpp"
#include "framework/model_spec.hpp"
#include "gradient_check.hpp"

namespace glassbox::testing {

// Flat indices into x, W, b and z of one connection.
struct Connection {
  std::size_t input, weight, bias, output;
};

inline std::vector<Connection> dense_connections(std::size_t samples, std::size_t inputs,
                                                 std::size_t outputs) {
  std::vector<Connection> connections;
  for (std::size_t n = 0; n < samples; ++n) {
    for (std::size_t i = 0; i < inputs; ++i) {
      for (std::size_t k = 0; k < outputs; ++k) {
        connections.push_back({n * inputs + i, i * outputs + k, k, n * outputs + k});
      }
    }
  }
  return connections;
}

// y[n][f][oy][ox] = b[f] + Σ_{c,u,v} W[f][c][u][v] · x[n][c][oy·s − p + u][ox·s − p + v], where
// positions in the zero padding are not connections at all.
inline std::vector<Connection> conv_connections(std::size_t samples, std::size_t channels,
                                                std::size_t height, std::size_t width,
                                                std::size_t filters, std::size_t kernel,
                                                std::size_t stride, std::size_t padding) {
  const std::size_t out_height = (height + 2 * padding - kernel) / stride + 1;
  const std::size_t out_width = (width + 2 * padding - kernel) / stride + 1;
  std::vector<Connection> connections;
  for (std::size_t n = 0; n < samples; ++n) {
    for (std::size_t f = 0; f < filters; ++f) {
      for (std::size_t oy = 0; oy < out_height; ++oy) {
        for (std::size_t ox = 0; ox < out_width; ++ox) {
          const std::size_t output = ((n * filters + f) * out_height + oy) * out_width + ox;
          for (std::size_t c = 0; c < channels; ++c) {
            for (std::size_t u = 0; u < kernel; ++u) {
              for (std::size_t v = 0; v < kernel; ++v) {
                const long iy = static_cast<long>(oy * stride + u) - static_cast<long>(padding);
                const long ix = static_cast<long>(ox * stride + v) - static_cast<long>(padding);
                if (iy < 0 || ix < 0 || iy >= static_cast<long>(height) ||
                    ix >= static_cast<long>(width)) {
                  continue;
                }
                const std::size_t input =
                    ((n * channels + c) * height + static_cast<std::size_t>(iy)) * width +
                    static_cast<std::size_t>(ix);
                const std::size_t weight = ((f * channels + c) * kernel + u) * kernel + v;
                connections.push_back({input, weight, f, output});
              }
            }
          }
        }
      }
    }
  }
  return connections;
}

// Every connection of a 1-D convolution without padding, y[n][f][t] = b[f] + Σ_{c,i} W[f][c][i]
// x[n][c][t + i] (x N×C×L, W F×C×w, y N×F×(L − w + 1)).
inline std::vector<Connection> sequence_connections(std::size_t samples, std::size_t channels,
                                                    std::size_t length, std::size_t filters,
                                                    std::size_t width) {
  const std::size_t out_length = length - width + 1;
  std::vector<Connection> connections;
  for (std::size_t n = 0; n < samples; ++n) {
    for (std::size_t f = 0; f < filters; ++f) {
      for (std::size_t t = 0; t < out_length; ++t) {
        for (std::size_t c = 0; c < channels; ++c) {
          for (std::size_t i = 0; i < width; ++i) {
            connections.push_back({(n * channels + c) * length + t + i,
                                   (f * channels + c) * width + i, f,
                                   (n * filters + f) * out_length + t});
          }
        }
      }
    }
  }
  return connections;
}

// z_j = Σ_{i→j} q_ij + q_j + ε·sign(z_j), sign(0) = +1, for every output j. `x` is a Tensor or a
// std::vector<double> of activations.
template <class Activations, class Contribution, class BiasTerm>
std::vector<double> reference_denominators(const std::vector<Connection>& connections,
                                           const Activations& x, const Tensor& weight,
                                           const Tensor& bias, std::size_t outputs,
                                           Contribution contribution, BiasTerm bias_term,
                                           double epsilon) {
  std::vector<double> z(outputs, 0.0);
  std::vector<bool> has_bias(outputs, false);
  for (const auto& c : connections) {
    z[c.output] += contribution(c.input, x.data()[c.input], weight.data()[c.weight]);
    if (!has_bias[c.output]) z[c.output] += bias_term(bias.data()[c.bias]);
    has_bias[c.output] = true;
  }
  for (double& value : z) value += epsilon * (value >= 0.0 ? 1.0 : -1.0);
  return z;
}

// R_i = Σ_{j: i→j} q_ij / z_j · R_j, skipping outputs with z_j = 0. `x` and `relevance` are
// Tensors or std::vector<double>s.
template <class Activations, class Relevances, class Contribution, class BiasTerm>
std::vector<double> reference_relevance(const std::vector<Connection>& connections,
                                        const Activations& x, const Tensor& weight,
                                        const Tensor& bias, const Relevances& relevance,
                                        Contribution contribution, BiasTerm bias_term,
                                        double epsilon) {
  const auto z = reference_denominators(connections, x, weight, bias, relevance.size(),
                                        contribution, bias_term, epsilon);
  std::vector<double> result(x.size(), 0.0);
  for (const auto& c : connections) {
    if (z[c.output] == 0.0) continue;
    result[c.input] += contribution(c.input, x.data()[c.input], weight.data()[c.weight]) /
                       z[c.output] * relevance.data()[c.output];
  }
  return result;
}

// Sets R_j = 0 where |z_j| < threshold. Near z_j = 0 a rule is ill-conditioned (it divides by
// z_j), so float rounding in the code under test would be amplified past any fixed tolerance;
// leaving those outputs out makes the comparison measure the rule, not 1/z. Returns how many
// outputs kept their relevance, which tests require to be most of them.
inline std::size_t keep_well_conditioned(Tensor& relevance, const std::vector<double>& z,
                                         double threshold = 0.05) {
  std::size_t kept = 0;
  for (std::size_t j = 0; j < z.size(); ++j) {
    if (std::abs(z[j]) < threshold) {
      relevance.data()[j] = 0.0f;
    } else {
      ++kept;
    }
  }
  return kept;
}

// Σ of sample n's relevance (any shape with the samples on the first axis), in double.
inline double sample_sum(const Tensor& relevance, std::size_t n) {
  const std::size_t per_sample = relevance.size() / relevance.shape(0);
  double total = 0.0;
  for (std::size_t i = 0; i < per_sample; ++i) total += relevance.data()[n * per_sample + i];
  return total;
}

// |actual − expected| ≤ tolerance · max(1, |expected|) for every entry.
inline void check_close(const Tensor& actual, const std::vector<double>& expected,
                        double tolerance = 1e-5) {
  REQUIRE(actual.size() == expected.size());
  double worst = 0.0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const double error =
        std::abs(actual.data()[i] - expected[i]) / std::max(1.0, std::abs(expected[i]));
    worst = std::max(worst, error);
  }
  INFO("largest relative difference " << worst);
  CHECK(worst <= tolerance);
}

// Small tensors written by hand: values({1, 2}) is 1-D, rows({{1, 2}, {3, 4}}) is 2-D. (Braces
// alone are ambiguous for a Tensor: {{4}} could also be a copy of the 1-D {4}.)
inline Tensor values(std::initializer_list<float> entries) {
  Tensor t = Tensor::from_shape({entries.size()});
  std::copy(entries.begin(), entries.end(), t.data());
  return t;
}

inline Tensor rows(std::initializer_list<std::initializer_list<float>> entries) {
  Tensor t = Tensor::from_shape({entries.size(), entries.begin()->size()});
  float* out = t.data();
  for (const auto& row : entries) out = std::copy(row.begin(), row.end(), out);
  return t;
}

// Layers with given parameters.
inline std::unique_ptr<Dense> dense_layer(const Tensor& weight, const Tensor& bias) {
  Rng rng(0);
  auto layer = std::make_unique<Dense>(weight.shape(0), weight.shape(1), Initializer::he, rng);
  auto parameters = layer->parameters();
  *parameters[0].value = weight;
  *parameters[1].value = bias;
  return layer;
}

inline std::unique_ptr<Conv2d> conv_layer(std::size_t channels, std::size_t filters,
                                          std::size_t kernel, std::size_t stride,
                                          std::size_t padding, std::uint64_t seed) {
  Conv2dSettings settings;
  settings.in_channels = channels;
  settings.out_channels = filters;
  settings.kernel_height = settings.kernel_width = kernel;
  settings.stride = stride;
  settings.padding = padding;
  Rng rng(seed);
  auto layer = std::make_unique<Conv2d>(settings, rng);
  *layer->parameters()[1].value = random_tensor({filters}, seed + 1, -0.5f, 0.5f);
  return layer;
}

// The model of a layer spec (framework/model_spec.hpp) with every bias set uniform in
// ±`bias_range` (0: bias-free), each from its own seed.
inline Sequential model_with_biases(const std::string& spec, const Shape& sample_shape,
                                    std::uint64_t seed, float bias_range) {
  Sequential model = build_model(spec, sample_shape, seed);
  std::uint64_t stream = seed * 100;
  for (auto& parameter : model.parameters()) {
    if (parameter.name.size() < 4 || parameter.name.substr(parameter.name.size() - 4) != "bias") {
      continue;
    }
    const Shape shape(parameter.value->shape().begin(), parameter.value->shape().end());
    *parameter.value = bias_range == 0.0f ? Tensor(xt::zeros<float>(shape))
                                          : random_tensor(shape, ++stream, -bias_range, bias_range);
  }
  return model;
}

inline std::unique_ptr<Dense> random_dense(std::size_t inputs, std::size_t outputs,
                                           std::uint64_t seed) {
  return dense_layer(random_tensor({inputs, outputs}, seed),
                     random_tensor({outputs}, seed + 1, -0.5f, 0.5f));
}

// The layers every rule test runs on: a Dense layer, a padded stride-1 convolution and an
// unpadded stride-2 convolution whose last row and column no window reaches. Inputs uniform in
// [low, high], relevance at the output uniform in [−1, 1], random biases.
struct RuleCase {
  const char* name;
  std::unique_ptr<Dense> dense;  // set for the Dense case
  std::unique_ptr<Conv2d> conv;  // set for the Conv2d cases
  Tensor x, relevance;
  std::vector<Connection> connections;
  const Tensor& weight() const { return dense ? dense->weight() : conv->weight(); }
  const Tensor& bias() const { return dense ? dense->bias() : conv->bias(); }
};

inline std::vector<RuleCase> rule_cases(float low, float high, std::uint64_t seed) {
  std::vector<RuleCase> cases;
  {
    RuleCase c{"Dense 6->4",
               random_dense(6, 4, seed),
               nullptr,
               random_tensor({3, 6}, seed + 2, low, high),
               random_tensor({3, 4}, seed + 3),
               dense_connections(3, 6, 4)};
    c.dense->forward(c.x);
    cases.push_back(std::move(c));
  }
  {
    RuleCase c{
        "Conv2d 2->3, 3x3, stride 1, padding 1", nullptr,
        conv_layer(2, 3, 3, 1, 1, seed + 4),     random_tensor({2, 2, 5, 5}, seed + 5, low, high),
        random_tensor({2, 3, 5, 5}, seed + 6),   conv_connections(2, 2, 5, 5, 3, 3, 1, 1)};
    c.conv->forward(c.x);
    cases.push_back(std::move(c));
  }
  {
    RuleCase c{
        "Conv2d 2->2, 3x3, stride 2, no padding", nullptr,
        conv_layer(2, 2, 3, 2, 0, seed + 7),      random_tensor({2, 2, 6, 6}, seed + 8, low, high),
        random_tensor({2, 2, 2, 2}, seed + 9),    conv_connections(2, 2, 6, 6, 2, 3, 2, 0)};
    c.conv->forward(c.x);
    cases.push_back(std::move(c));
  }
  return cases;
}

}  // namespace glassbox::testing
