#include "explain/lrp/lstm.hpp"

#include <optional>

#include "framework/blas.hpp"
#include "framework/errors.hpp"
#include "framework/shape.hpp"

namespace glassbox::explain {
namespace {

// R / (z + ε·sign z), sign(0) = +1; 0 where the denominator is exactly 0 (only with ε = 0): an
// output nothing contributed to passes nothing on, as in the core (propagate.hpp, step 2).
float ratio(float relevance, float z, float epsilon) {
  const float denominator = z + (z >= 0.0f ? epsilon : -epsilon);
  return denominator == 0.0f ? 0.0f : relevance / denominator;
}

// The ε of an LRP-ε or LRP-0 rule; none for any other rule.
std::optional<float> epsilon_of(const Rule& rule) {
  if (const auto* epsilon = std::get_if<EpsilonRule>(&rule)) return epsilon->epsilon;
  if (const auto* zero = std::get_if<LrpZeroRule>(&rule)) return zero->epsilon;
  return std::nullopt;
}

}  // namespace

LstmRelevance lstm_relevance(const Lstm& layer, const Tensor& relevance, float epsilon,
                             bool with_bias) {
  const Tensor& x = layer.input();
  const std::size_t N = x.shape(0), E = x.shape(1), T = x.shape(2), H = layer.hidden_size();
  const bool sequence = layer.output_kind() == LstmOutput::sequence;
  const Shape expected = sequence ? Shape{N, H, T} : Shape{N, H};
  if (shape_of(relevance) != expected) {
    throw ArgumentError("LSTM relevance: expected the output's shape " + shape_to_string(expected) +
                        ", got " + shape_to_string(shape_of(relevance)));
  }
  // The candidate's block of the parameters: rows 3H … 4H−1 of W (H×E) and U (H×H), and of b.
  const float* candidate_weight = layer.input_weight().data() + 3 * H * E;
  const float* candidate_recurrent = layer.recurrent_weight().data() + 3 * H * H;
  const float* candidate_bias = layer.bias().data() + 3 * H;
  const float* gates = layer.gates().data();
  const float* cells = layer.cells().data();
  const float* hidden = layer.hidden().data();
  const unsigned char* padding = layer.padding().data();

  LstmRelevance result;
  result.input = xt::zeros<float>({N, E, T});
  float* input_relevance = result.input.data();
  // Running relevance of h and c of the step being taken back, N×H each.
  std::vector<float> hidden_relevance(N * H, 0.0f), cell_relevance(N * H, 0.0f);
  if (!sequence) std::copy(relevance.begin(), relevance.end(), hidden_relevance.begin());
  std::vector<float> candidate_relevance(N * H), z(N * H), shares(N * H);
  std::vector<float> step_input(N * E), back_to_input(N * E), back_to_hidden(N * H);
  const std::vector<float> initial_state(N * H, 0.0f);  // h_{−1} = c_{−1} = 0

  // Against the reading order: the last step read comes first.
  for (std::size_t read = T; read-- > 0;) {
    const std::size_t t = layer.reverse() ? T - 1 - read : read;
    const std::size_t before = layer.reverse() ? t + 1 : t - 1;  // the step read before t
    const float* h_before = read == 0 ? initial_state.data() : hidden + before * N * H;
    const float* c_before = read == 0 ? initial_state.data() : cells + before * N * H;
    const float* gate = gates + t * N * 4 * H;  // i, f, o, g
    const float* cell = cells + t * N * H;
    const unsigned char* carried = padding + t * N;
    if (sequence) {
      for (std::size_t n = 0; n < N; ++n) {
        for (std::size_t k = 0; k < H; ++k)
          hidden_relevance[n * H + k] += relevance.data()[(n * H + k) * T + t];
      }
    }
    // (15) R(h_t) joins R(c_t); (16) the cell's two terms share it; (17) through tanh. A padding
    // row keeps both as they are: they belong to the state before this step too (19).
    bool any_read = false;
    for (std::size_t n = 0; n < N; ++n) {
      if (carried[n]) continue;
      any_read = true;
      const float* row = gate + n * 4 * H;
      for (std::size_t k = 0; k < H; ++k) {
        const std::size_t nk = n * H + k;
        const float share = ratio(cell_relevance[nk] + hidden_relevance[nk], cell[nk], epsilon);
        cell_relevance[nk] = row[H + k] * c_before[nk] * share;     // f_t c_{t−1}
        candidate_relevance[nk] = row[3 * H + k] * row[k] * share;  // g_t i_t
      }
    }
    if (!any_read) continue;

    // (18) z = x_t W_gᵀ + h_{t−1} U_gᵀ + ρ(b_g), the ratios R(g)/z, and the shares going back.
    for (std::size_t n = 0; n < N; ++n) {
      for (std::size_t e = 0; e < E; ++e) step_input[n * E + e] = x.data()[(n * E + e) * T + t];
      for (std::size_t k = 0; k < H; ++k) z[n * H + k] = with_bias ? candidate_bias[k] : 0.0f;
    }
    gemm(false, true, N, H, E, 1.0f, step_input.data(), candidate_weight, 1.0f, z.data());
    gemm(false, true, N, H, H, 1.0f, h_before, candidate_recurrent, 1.0f, z.data());
    for (std::size_t n = 0; n < N; ++n) {
      for (std::size_t k = 0; k < H; ++k) {
        const std::size_t nk = n * H + k;
        shares[nk] = carried[n] ? 0.0f : ratio(candidate_relevance[nk], z[nk], epsilon);
      }
    }
    gemm(false, false, N, E, H, 1.0f, shares.data(), candidate_weight, 0.0f, back_to_input.data());
    gemm(false, false, N, H, H, 1.0f, shares.data(), candidate_recurrent, 0.0f,
         back_to_hidden.data());
    for (std::size_t n = 0; n < N; ++n) {
      if (carried[n]) continue;
      for (std::size_t e = 0; e < E; ++e) {
        input_relevance[(n * E + e) * T + t] = step_input[n * E + e] * back_to_input[n * E + e];
      }
      for (std::size_t k = 0; k < H; ++k) {
        const std::size_t nk = n * H + k;
        hidden_relevance[nk] = h_before[nk] * back_to_hidden[nk];
      }
    }
  }
  result.initial_state.assign(N, 0.0);
  for (std::size_t n = 0; n < N; ++n) {
    for (std::size_t k = 0; k < H; ++k)
      result.initial_state[n] += hidden_relevance[n * H + k] + cell_relevance[n * H + k];
  }
  return result;
}

float lstm_epsilon(const Composite& composite, const Sequential& model, std::size_t layer) {
  if (const Rule* chosen = composite.rule_for(model, layer)) {
    if (const auto epsilon = epsilon_of(*chosen)) return *epsilon;
    throw ArgumentError("LRP composite \"" + composite.name + "\" gives layer " +
                        std::to_string(layer) + " (LSTM) the rule " + rule_name(*chosen) +
                        "; inside an LSTM only lrp-0 and epsilon apply");
  }
  for (const CompositeEntry& entry : composite.entries) {
    if (const auto epsilon = epsilon_of(entry.rule)) return *epsilon;
  }
  return RuleSettings{}.epsilon;
}

}  // namespace glassbox::explain
