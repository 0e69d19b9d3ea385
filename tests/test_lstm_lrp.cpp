// LRP through an LSTM (explain/lrp/lstm.hpp, docs/math/lrp.md eqs. 15–19): a two-step sequence
// worked by hand; the rule against its equations written as loops over a naive double-precision
// LSTM of the test's own (padding, both reading directions, both outputs, ε and biases);
// conservation on bias-free models with ε = 0; what the biases absorb; padding steps without
// relevance; the rule each composite gives an LSTM; sensitivity and gradient × input.
//
// Shapes: x N×E×T, R(output) N×H or N×H×T (N documents, E inputs, T steps, H hidden units);
// token ids N×T for whole models (T = 9, ids < 14).
#include <doctest/doctest.h>

#include <cmath>

#include "explain/gradient.hpp"
#include "explain/lrp/lrp.hpp"
#include "explain/lrp/lstm.hpp"
#include "explain/sensitivity.hpp"
#include "explain/taylor.hpp"
#include "framework/errors.hpp"
#include "framework/model_spec.hpp"
#include "lrp_reference.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_lstm_lrp {

using namespace glassbox;
using namespace glassbox::explain;
using namespace glassbox::testing;

namespace {

// An LSTM with the given parameters (W 4H×E, U 4H×H, b 4H, blocks i, f, o, g).
Lstm lstm_with(std::size_t inputs, std::size_t hidden, LstmOutput output, bool reverse,
               const Tensor& weight, const Tensor& recurrent, const Tensor& bias) {
  Rng rng(1);
  Lstm layer(inputs, hidden, output, reverse, rng);
  for (const Parameter& parameter : layer.parameters()) {
    if (parameter.name == "input_weight") *parameter.value = weight;
    if (parameter.name == "recurrent_weight") *parameter.value = recurrent;
    if (parameter.name == "bias") *parameter.value = bias;
  }
  return layer;
}

// Random parameters (weights in ±0.8, biases in ±`bias_range`, 0: none).
Lstm random_lstm(std::size_t inputs, std::size_t hidden, LstmOutput output, bool reverse,
                 std::uint64_t seed, float bias_range) {
  const Tensor bias = bias_range == 0.0f
                          ? Tensor(xt::zeros<float>({4 * hidden}))
                          : random_tensor({4 * hidden}, seed + 2, -bias_range, bias_range);
  return lstm_with(inputs, hidden, output, reverse,
                   random_tensor({4 * hidden, inputs}, seed, -0.8f, 0.8f),
                   random_tensor({4 * hidden, hidden}, seed + 1, -0.8f, 0.8f), bias);
}

// Random inputs in ±1; document n is padded (x_t = 0) from step `lengths[n]` on.
Tensor padded_inputs(std::size_t inputs, std::size_t steps, const std::vector<std::size_t>& lengths,
                     std::uint64_t seed) {
  Tensor x = random_tensor({lengths.size(), inputs, steps}, seed, -1.0f, 1.0f);
  for (std::size_t n = 0; n < lengths.size(); ++n) {
    for (std::size_t e = 0; e < inputs; ++e) {
      for (std::size_t t = lengths[n]; t < steps; ++t) x(n, e, t) = 0.0f;
    }
  }
  return x;
}

// Relevance for the layer's output y: |y| ⊙ u, u uniform in [0.1, 1], all of one sign so that a
// relative tolerance on the sums means something. An output of 0 gets none, as under every rule of
// the form a ⊙ c; in particular the outputs of a backwards `sequence` at padding steps, which hold
// the initial state 0 (relevance given to those would stay in the initial state).
Tensor relevance_for(const Tensor& output, std::uint64_t seed) {
  return xt::abs(output) * random_tensor(shape_of(output), seed, 0.1f, 1.0f);
}

// Eqs. (15)–(19) as loops, on an LSTM forward pass of its own, in double precision; shares nothing
// with explain/ or with the layer's forward pass (only its parameters and configuration).
struct NaiveLrp {
  std::vector<double> input;          // N×E×T
  std::vector<double> initial_state;  // N
  std::vector<double> bias_kept;      // N: Σ b_k / (z_k + ε·sign) · R(g_t,k) over steps and k
  std::vector<double> epsilon_kept;   // N: the ε shares of (16) and (18)
};

double sigmoid(double z) {
  return 1.0 / (1.0 + std::exp(-z));
}
double stabilized(double z, double epsilon) {
  return z + (z >= 0.0 ? epsilon : -epsilon);
}

NaiveLrp naive_lstm_lrp(Lstm& layer, const Tensor& x, const Tensor& relevance, double epsilon,
                        bool with_bias) {
  const std::size_t N = x.shape(0), E = x.shape(1), T = x.shape(2), H = layer.hidden_size();
  const bool sequence = layer.output_kind() == LstmOutput::sequence;
  const Tensor& W = layer.input_weight();
  const Tensor& U = layer.recurrent_weight();
  const Tensor& b = layer.bias();
  NaiveLrp result{std::vector<double>(N * E * T, 0.0), std::vector<double>(N, 0.0),
                  std::vector<double>(N, 0.0), std::vector<double>(N, 0.0)};
  for (std::size_t n = 0; n < N; ++n) {
    // Reading order: order[r] is the position read r-th.
    std::vector<std::size_t> order(T);
    for (std::size_t r = 0; r < T; ++r) order[r] = layer.reverse() ? T - 1 - r : r;
    // Forward, by reading order: the state before step r is state r; after it, r + 1.
    std::vector<std::vector<double>> h(T + 1, std::vector<double>(H, 0.0)), c = h;
    std::vector<std::vector<double>> i(T, std::vector<double>(H)), f = i, g = i, candidate = i;
    std::vector<bool> padded(T);
    for (std::size_t r = 0; r < T; ++r) {
      const std::size_t t = order[r];
      padded[r] = true;
      for (std::size_t e = 0; e < E; ++e) padded[r] = padded[r] && x(n, e, t) == 0.0f;
      if (padded[r]) {
        h[r + 1] = h[r];
        c[r + 1] = c[r];
        continue;
      }
      for (std::size_t k = 0; k < H; ++k) {
        double z[4];
        for (std::size_t block = 0; block < 4; ++block) {
          const std::size_t row = block * H + k;
          z[block] = b(row);
          for (std::size_t e = 0; e < E; ++e) z[block] += W(row, e) * x(n, e, t);
          for (std::size_t j = 0; j < H; ++j) z[block] += U(row, j) * h[r][j];
        }
        i[r][k] = sigmoid(z[0]);
        f[r][k] = sigmoid(z[1]);
        g[r][k] = std::tanh(z[3]);
        c[r + 1][k] = f[r][k] * c[r][k] + i[r][k] * g[r][k];
        h[r + 1][k] = sigmoid(z[2]) * std::tanh(c[r + 1][k]);
      }
    }
    // Backward, against the reading order.
    std::vector<double> hidden_relevance(H, 0.0), cell_relevance(H, 0.0);
    for (std::size_t k = 0; k < H && !sequence; ++k) hidden_relevance[k] = relevance(n, k);
    for (std::size_t r = T; r-- > 0;) {
      const std::size_t t = order[r];
      for (std::size_t k = 0; k < H && sequence; ++k) hidden_relevance[k] += relevance(n, k, t);
      if (padded[r]) continue;  // (19): both go on to the state before, unchanged
      std::vector<double> cell_before(H, 0.0), hidden_before(H, 0.0), candidate_relevance(H);
      for (std::size_t k = 0; k < H; ++k) {
        const double total = cell_relevance[k] + hidden_relevance[k];  // (15)
        const double denominator = stabilized(c[r + 1][k], epsilon);   // (16)
        if (denominator == 0.0) continue;
        cell_before[k] = f[r][k] * c[r][k] / denominator * total;
        candidate_relevance[k] = i[r][k] * g[r][k] / denominator * total;
        result.epsilon_kept[n] += (denominator - c[r + 1][k]) / denominator * total;
      }
      for (std::size_t k = 0; k < H; ++k) {  // (17), (18)
        const std::size_t row = 3 * H + k;
        double z = with_bias ? b(row) : 0.0;
        for (std::size_t e = 0; e < E; ++e) z += W(row, e) * x(n, e, t);
        for (std::size_t j = 0; j < H; ++j) z += U(row, j) * h[r][j];
        const double denominator = stabilized(z, epsilon);
        if (denominator == 0.0) continue;
        const double share = candidate_relevance[k] / denominator;
        for (std::size_t e = 0; e < E; ++e)
          result.input[(n * E + e) * T + t] += x(n, e, t) * W(row, e) * share;
        for (std::size_t j = 0; j < H; ++j) hidden_before[j] += h[r][j] * U(row, j) * share;
        if (with_bias) result.bias_kept[n] += b(row) * share;
        result.epsilon_kept[n] += (denominator - z) * share;
      }
      hidden_relevance = hidden_before;
      cell_relevance = cell_before;
    }
    for (std::size_t k = 0; k < H; ++k)
      result.initial_state[n] += hidden_relevance[k] + cell_relevance[k];
  }
  return result;
}

constexpr std::size_t kTokens = 9, kIds = 14;

// Random ids in [1, kIds); document n is padded (id 0) from position lengths[n] on.
Tensor token_ids(const std::vector<std::size_t>& lengths, std::uint64_t seed) {
  Rng rng(seed);
  std::uniform_int_distribution<int> id(1, static_cast<int>(kIds) - 1);
  Tensor ids = xt::zeros<float>({lengths.size(), kTokens});
  for (std::size_t n = 0; n < lengths.size(); ++n) {
    for (std::size_t t = 0; t < lengths[n]; ++t) ids(n, t) = static_cast<float>(id(rng));
  }
  return ids;
}

// The spec's model with every bias set uniform in ±`bias_range` (0: bias-free).
Sequential text_model(const std::string& spec, std::uint64_t seed, float bias_range) {
  return model_with_biases(spec, {kTokens}, seed, bias_range);
}

// Embedding → LSTM → (max over time) → dense: one reading direction, or both side by side.
const std::vector<std::string> lstm_specs = {
    "embedding:14:4,lstm:5,dense:3",
    "embedding:14:4,lstm:5:last:reverse,dense:3",
    "embedding:14:4,lstm:5:sequence,maxovertime,dense:3",
    "embedding:14:4,lstm:5:sequence:reverse,maxovertime,dense:3",
    "embedding:14:4,parallel(lstm:5|lstm:5:last:reverse),dense:3",
};

}  // namespace

TEST_CASE("A two-step sequence through one LSTM unit, every relevance worked by hand") {
  // E = H = 1, reading forwards, output h_1 with R(h_1) = 1, LRP-0 (ε = 0), the bias takes its
  // share. Blocks i, f, o, g:  W = (0.5, −0.5, 1, 1),  U = (0.5, 0.5, −1, 1),  b = (0, 0, 0, 0.5).
  const Tensor weight = rows({{0.5f}, {-0.5f}, {1.0f}, {1.0f}});
  const Tensor recurrent = rows({{0.5f}, {0.5f}, {-1.0f}, {1.0f}});
  Lstm layer =
      lstm_with(1, 1, LstmOutput::last, false, weight, recurrent, values({0.0f, 0.0f, 0.0f, 0.5f}));
  Tensor x = Tensor::from_shape({1, 1, 2});
  x(0, 0, 0) = 1.0f;  // x_0
  x(0, 0, 1) = 2.0f;  // x_1
  layer.forward(x);

  // Forward, step 0 (h_{−1} = c_{−1} = 0):
  //   i = σ(0.5) = 0.622459, f = σ(−0.5) = 0.377541, o = σ(1) = 0.731059,
  //   z_g = 1·1 + 0.5 = 1.5, g = tanh(1.5) = 0.905148,
  //   c_0 = 0.377541·0 + 0.622459·0.905148 = 0.563418, h_0 = 0.731059·tanh(0.563418) = 0.373212
  // step 1 (x_1 = 2, h_0 = 0.373212):
  //   i = σ(0.5·2 + 0.5·0.373212) = σ(1.186606) = 0.766134
  //   f = σ(−0.5·2 + 0.5·0.373212) = σ(−0.813394) = 0.307168
  //   o = σ(2 − 0.373212) = σ(1.626788) = 0.835729
  //   z_g = 2 + 0.373212 + 0.5 = 2.873212, g = tanh(2.873212) = 0.993632
  //   c_1 = 0.307168·0.563418 + 0.766134·0.993632 = 0.173064 + 0.761255 = 0.934319
  //   h_1 = 0.835729·tanh(0.934319) = 0.835729·0.732601 = 0.612256
  CHECK(layer.cells()(0, 0, 0) == doctest::Approx(0.563418).epsilon(1e-5));
  CHECK(layer.hidden()(1, 0, 0) == doctest::Approx(0.612256).epsilon(1e-5));

  // Relevance, step 1:
  //   (15) R(c_1) = R(h_1) = 1
  //   (16) R(c_0 via f) = 0.173064 / 0.934319 · 1 = 0.185230
  //        R(g_1)       = 0.761255 / 0.934319 · 1 = 0.814770
  //   (18) R(x_1)  = 2·1 / 2.873212 · 0.814770        = 0.567149
  //        R(h_0)  = 0.373212·1 / 2.873212 · 0.814770 = 0.105833
  //        bias:     0.5 / 2.873212 · 0.814770        = 0.141787 (kept)
  // step 0:
  //   (15) R(c_0) = 0.185230 + 0.105833 = 0.291063
  //   (16) R(c_{−1}) = 0.377541·0 / 0.563418 · 0.291063 = 0
  //        R(g_0)    = 0.563418 / 0.563418 · 0.291063   = 0.291063
  //   (18) R(x_0) = 1·1 / 1.5 · 0.291063  = 0.194042,  R(h_{−1}) = 0
  //        bias:    0.5 / 1.5 · 0.291063 = 0.097021 (kept)
  // Check: 0.194042 + 0.567149 + 0.141787 + 0.097021 = 1.000000 = R(h_1).
  const LstmRelevance relevance = lstm_relevance(layer, rows({{1.0f}}), 0.0f, true);
  CHECK(relevance.input.shape() == x.shape());
  CHECK(relevance.input(0, 0, 0) == doctest::Approx(0.194042).epsilon(1e-5));
  CHECK(relevance.input(0, 0, 1) == doctest::Approx(0.567149).epsilon(1e-5));
  CHECK(relevance.initial_state[0] == 0.0);

  // Without the bias in the denominators (18) splits R(g) between x and h alone:
  //   step 1: z' = 2 + 0.373212 = 2.373212, R(x_1) = 2/2.373212 · 0.814770 = 0.686632,
  //           R(h_0) = 0.373212/2.373212 · 0.814770 = 0.128132
  //   step 0: R(c_0) = 0.185230 + 0.128132 = 0.313362 = R(g_0); z' = 1, R(x_0) = 0.313362
  //   Σ = 0.686632 + 0.313362 = 0.999994 ≈ 1 (rounding of the six-digit values above): conserved.
  const LstmRelevance no_bias = lstm_relevance(layer, rows({{1.0f}}), 0.0f, false);
  CHECK(no_bias.input(0, 0, 0) == doctest::Approx(0.313362).epsilon(1e-5));
  CHECK(no_bias.input(0, 0, 1) == doctest::Approx(0.686632).epsilon(1e-5));
}

TEST_CASE("LSTM relevance equals eqs. (15)-(19) written as loops over a naive LSTM") {
  const std::vector<std::size_t> lengths = {7, 4, 1};  // padded from step 7, 4 and 1 on
  for (const bool reverse : {false, true}) {
    for (const LstmOutput output : {LstmOutput::last, LstmOutput::sequence}) {
      for (const float epsilon : {0.0f, 0.1f}) {
        for (const bool with_bias : {true, false}) {
          INFO("reverse " << reverse << ", sequence " << (output == LstmOutput::sequence)
                          << ", epsilon " << epsilon << ", bias " << with_bias);
          Lstm layer = random_lstm(3, 4, output, reverse, 21, 0.5f);
          const Tensor x = padded_inputs(3, 7, lengths, 22);
          const Tensor& y = layer.forward(x);
          const Tensor relevance = random_tensor(shape_of(y), 23, -1.0f, 1.0f);
          const LstmRelevance actual = lstm_relevance(layer, relevance, epsilon, with_bias);
          const NaiveLrp expected = naive_lstm_lrp(layer, x, relevance, epsilon, with_bias);
          // LRP-0 divides by z as it comes, near 0 at times: float rounding grows more there.
          check_close(actual.input, expected.input, epsilon == 0.0f ? 1e-4 : 1e-5);
          for (std::size_t n = 0; n < 3; ++n)
            CHECK(actual.initial_state[n] == doctest::Approx(expected.initial_state[n]));
        }
      }
    }
  }
}

TEST_CASE("Without biases and with epsilon = 0, the LSTM passes on all of its relevance") {
  // Layer alone: Σ R(x) = Σ R(output), to 1e-5 relative, and nothing reaches the initial state.
  for (const bool reverse : {false, true}) {
    for (const LstmOutput output : {LstmOutput::last, LstmOutput::sequence}) {
      INFO("reverse " << reverse << ", sequence " << (output == LstmOutput::sequence));
      Lstm layer = random_lstm(3, 6, output, reverse, 31, 0.0f);
      const Tensor x = padded_inputs(3, 8, {8, 5, 2}, 32);
      const Tensor relevance = relevance_for(layer.forward(x), 33);
      const LstmRelevance result = lstm_relevance(layer, relevance, 0.0f, false);
      for (std::size_t n = 0; n < 3; ++n) {
        const double out = sample_sum(relevance, n);
        INFO("document " << n << ": " << out);
        CHECK(std::abs(out) > 0.1);
        CHECK(std::abs(sample_sum(result.input, n) - out) <= 1e-5 * std::abs(out));
        CHECK(result.initial_state[n] == 0.0);
      }
    }
  }
}

TEST_CASE("Whole models: embedding, LSTM, dense conserve relevance without biases at epsilon 0") {
  // `last` and `sequence` + max over time, either direction, and both directions side by side.
  LrpOptions options;
  options.bias_takes_relevance = false;
  options.epsilon = 0.0f;
  for (const std::string& spec : lstm_specs) {
    for (const std::uint64_t seed : {41, 42}) {
      INFO(spec << ", seed " << seed);
      Sequential model = text_model(spec, seed, 0.0f);
      const Tensor ids = token_ids({9, 6, 3, 9}, seed + 10);
      const LrpExplanation explanation = lrp(model, ids, {}, make_composite("lrp-0"), options);
      CHECK(explanation.relevance.shape() == ids.shape());
      for (std::size_t n = 0; n < 4; ++n) {
        const double f = explanation.outputs[n];
        INFO("document " << n << "\n" << explanation.conservation.format(n));
        for (const double total : explanation.conservation.totals[n])
          CHECK(std::abs(total - f) <= 1e-5 * std::abs(f));
      }
    }
  }
}

TEST_CASE("With biases, what the LSTM keeps is exactly the biases' share of eq. (18)") {
  // ε = 0: the cell split (16) has no bias and keeps nothing, so Σ R(output) − Σ R(x) is the sum
  // over steps and units of b_k / z_k · R(g_t,k), which the loops of the naive reference add up.
  for (const bool reverse : {false, true}) {
    for (const LstmOutput output : {LstmOutput::last, LstmOutput::sequence}) {
      INFO("reverse " << reverse << ", sequence " << (output == LstmOutput::sequence));
      Lstm layer = random_lstm(3, 5, output, reverse, 51, 0.6f);
      const Tensor x = padded_inputs(3, 6, {6, 3, 5}, 52);
      const Tensor relevance = relevance_for(layer.forward(x), 53);
      const LstmRelevance result = lstm_relevance(layer, relevance, 0.0f, true);
      const NaiveLrp reference = naive_lstm_lrp(layer, x, relevance, 0.0, true);
      for (std::size_t n = 0; n < 3; ++n) {
        const double kept = sample_sum(relevance, n) - sample_sum(result.input, n);
        CHECK(std::abs(reference.bias_kept[n]) > 1e-3);  // the biases do take a share
        CHECK(kept == doctest::Approx(reference.bias_kept[n]).epsilon(1e-4));
        CHECK(reference.epsilon_kept[n] == 0.0);
      }
      // With ε = 0.1 the ε shares of (16) and (18) are kept as well.
      const LstmRelevance stabilized = lstm_relevance(layer, relevance, 0.1f, true);
      const NaiveLrp with_epsilon = naive_lstm_lrp(layer, x, relevance, 0.1, true);
      for (std::size_t n = 0; n < 3; ++n) {
        const double kept = sample_sum(relevance, n) - sample_sum(stabilized.input, n);
        CHECK(kept == doctest::Approx(with_epsilon.bias_kept[n] + with_epsilon.epsilon_kept[n])
                          .epsilon(1e-4));
      }
    }
  }
}

TEST_CASE("Padding steps get exactly zero relevance, and so do padding tokens") {
  for (const bool reverse : {false, true}) {
    for (const LstmOutput output : {LstmOutput::last, LstmOutput::sequence}) {
      Lstm layer = random_lstm(3, 4, output, reverse, 61, 0.5f);
      const Tensor x = padded_inputs(3, 7, {4, 6}, 62);
      const Tensor relevance = random_tensor(shape_of(layer.forward(x)), 63, -1.0f, 1.0f);
      const LstmRelevance result = lstm_relevance(layer, relevance, 0.25f, true);
      for (std::size_t e = 0; e < 3; ++e) {
        for (std::size_t t = 4; t < 7; ++t) CHECK(result.input(0, e, t) == 0.0f);
        CHECK(result.input(1, e, 6) == 0.0f);
      }
      CHECK(result.input(0, 0, 3) != 0.0f);  // the last word read does get some
    }
  }
  for (const std::string& spec : lstm_specs) {
    INFO(spec);
    Sequential model = text_model(spec, 64, 0.3f);
    const Tensor ids = token_ids({5, 8}, 65);
    const LrpExplanation explanation = lrp(model, ids, {}, make_composite("epsilon"));
    for (std::size_t t = 5; t < kTokens; ++t) CHECK(explanation.relevance(0, t) == 0.0f);
    CHECK(explanation.relevance(1, 8) == 0.0f);
    double nonzero = 0.0;
    for (std::size_t t = 0; t < 5; ++t) nonzero += std::abs(explanation.relevance(0, t));
    CHECK(nonzero > 0.0);
  }
}

TEST_CASE("Every composite gives an LSTM LRP-epsilon with its own epsilon, lrp-0 gives LRP-0") {
  Sequential model = text_model(lstm_specs[0], 71, 0.3f);
  const Tensor ids = token_ids({9, 4}, 72);
  const auto treatment = [&](const Composite& composite) {
    return lrp(model, ids, {}, composite).conservation.layers.at(1);
  };
  CHECK(treatment(make_composite("lrp-0")) == "LSTM lrp-0");
  CHECK(treatment(make_composite("epsilon")) == "LSTM epsilon(0.25)");
  RuleSettings settings;
  settings.epsilon = 0.5f;
  CHECK(treatment(make_composite("epsilon", settings)) == "LSTM epsilon(0.5)");
  settings.low = -1.0f;  // zᴮ's box, on the dense layer above the LSTM: h in (−1, 1)
  CHECK(treatment(make_composite("epsilon-plus-zbox", settings)) == "LSTM epsilon(0.5)");
  // With the pixels' box [0, 1], the dense layer's inputs (LSTM states, some below 0) fall
  // outside it: the error names the layer and what it reads instead of blaming the pixels.
  CHECK_THROWS_WITH_AS(lrp(model, ids, {}, make_composite("epsilon-plus-zbox")),
                       doctest::Contains("puts the z-box rule on layer 2 (Dense), which reads what "
                                         "the layers before it computed"),
                       ArgumentError);
  CHECK(treatment(make_composite("gamma")) == "LSTM epsilon(0.25)");  // no ε of its own
  Composite chosen{"mine", {}, {}};
  chosen.add(LayerSelector::of_type("LSTM"), EpsilonRule{0.125f})
      .add(LayerSelector::with_weights(), LrpZeroRule{});
  CHECK(treatment(chosen) == "LSTM epsilon(0.125)");
  Composite wrong{"wrong", {}, {}};
  wrong.add(LayerSelector::at(1), GammaRule{}).add(LayerSelector::with_weights(), LrpZeroRule{});
  CHECK_THROWS_WITH_AS(lrp(model, ids, {}, wrong), doctest::Contains("only lrp-0 and epsilon"),
                       ArgumentError);
  // LrpOptions::epsilon replaces it, as for every other rule.
  LrpOptions options;
  options.epsilon = 0.0f;
  CHECK(lrp(model, ids, {}, make_composite("epsilon"), options).conservation.layers.at(1) ==
        "LSTM lrp-0");
}

TEST_CASE("A relevance of the wrong shape is refused with the shape it should have") {
  Lstm layer = random_lstm(2, 3, LstmOutput::sequence, false, 81, 0.0f);
  layer.forward(padded_inputs(2, 5, {5, 5}, 82));
  CHECK_THROWS_WITH_AS(lstm_relevance(layer, xt::zeros<float>({2, 3}), 0.0f, true),
                       doctest::Contains("[2, 3, 5]"), ArgumentError);
}

TEST_CASE("Sensitivity and gradient x input run through an LSTM model, per token") {
  // They need only the layer's backward pass; padding tokens embed to 0, so gradient × input
  // gives them 0.
  Sequential model = text_model(lstm_specs[4], 91, 0.3f);
  const Tensor ids = token_ids({9, 5}, 92);
  const Explanation squared = sensitivity(model, ids);
  const Explanation product = simple_taylor(model, ids);
  CHECK(squared.relevance.shape() == ids.shape());
  CHECK(product.relevance.shape() == ids.shape());
  double total = 0.0;
  for (const float r : squared.relevance) total += r;
  CHECK(std::isfinite(total));
  CHECK(total > 0.0);
  for (std::size_t t = 5; t < kTokens; ++t) CHECK(product.relevance(1, t) == 0.0f);
}

}  // namespace test_lstm_lrp
