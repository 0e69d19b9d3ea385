#include "framework/layers/lstm.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "framework/blas.hpp"
#include "framework/errors.hpp"
#include "framework/layers/shape_checks.hpp"

namespace glassbox {
namespace {

// Rows of a batch below which one thread does a step's gate arithmetic alone: starting threads
// costs more than a few rows of exp and tanh.
constexpr std::size_t minimum_rows_to_split = 16;

float logistic(float z) {
  return 1.0f / (1.0f + std::exp(-z));
}

// tanh(z) = 2σ(2z) − 1, through expf, which is about twice as fast as tanhf and made the forward
// pass a third faster. Its error is absolute, at most a few units of float rounding of 1
// (≈ 1e-7), where tanhf's is relative: harmless next to the gates' own rounding.
float tanh_through_exp(float z) {
  return 2.0f / (1.0f + std::exp(-2.0f * z)) - 1.0f;
}

// x (N×E×T, channels first) → steps (T×N×E): every step's inputs as rows of one matrix, so that
// one GEMM gives the input part of every gate pre-activation of every step. padding (T×N) is 1
// where the row is all zero.
void gather_steps(const Tensor& x, Tensor& steps, std::vector<unsigned char>& padding) {
  const std::size_t n_count = x.shape(0), e_count = x.shape(1), t_count = x.shape(2);
  resize_if_needed(steps, {t_count, n_count, e_count});
  padding.assign(t_count * n_count, 1);
  const float* source = x.data();
  float* target = steps.data();
  for (std::size_t n = 0; n < n_count; ++n) {
    for (std::size_t e = 0; e < e_count; ++e) {
      const float* x_row = source + (n * e_count + e) * t_count;
      for (std::size_t t = 0; t < t_count; ++t) {
        target[(t * n_count + n) * e_count + e] = x_row[t];
        padding[t * n_count + n] &= static_cast<unsigned char>(x_row[t] == 0.0f);
      }
    }
  }
}

// One sample's step, eqs. (2)-(5) of docs/math/lstm.md: z (4H) holds the pre-activations on
// entry and the activated gates i, f, o, g on exit; c_prev is null at the first step (c = 0).
// tanh(c_t) is kept for backward, which would otherwise compute it again.
void step_forward(float* z, const float* c_prev, float* c, float* tanh_c, float* h,
                  std::size_t hidden) {
  for (std::size_t k = 0; k < 3 * hidden; ++k) z[k] = logistic(z[k]);
  for (std::size_t k = 3 * hidden; k < 4 * hidden; ++k) z[k] = tanh_through_exp(z[k]);
  const float *i = z, *f = z + hidden, *o = z + 2 * hidden, *g = z + 3 * hidden;
  for (std::size_t k = 0; k < hidden; ++k) {
    c[k] = (c_prev ? f[k] * c_prev[k] : 0.0f) + i[k] * g[k];
    tanh_c[k] = tanh_through_exp(c[k]);
    h[k] = o[k] * tanh_c[k];
  }
}

// One sample's step backwards, eqs. (8)-(11): from dh, dc (gradients reaching h_t and c_t) to
// dz (4H, the gradients of the pre-activations). dc becomes the gradient reaching c_{t−1}.
void step_backward(const float* gates, const float* c_prev, const float* tanh_c, const float* dh,
                   float* dc, float* dz, std::size_t hidden) {
  const float *i = gates, *f = gates + hidden, *o = gates + 2 * hidden, *g = gates + 3 * hidden;
  float *dz_i = dz, *dz_f = dz + hidden, *dz_o = dz + 2 * hidden, *dz_g = dz + 3 * hidden;
  for (std::size_t k = 0; k < hidden; ++k) {
    const float dc_k = dc[k] + dh[k] * o[k] * (1.0f - tanh_c[k] * tanh_c[k]);
    const float c_before = c_prev ? c_prev[k] : 0.0f;
    dz_i[k] = dc_k * g[k] * i[k] * (1.0f - i[k]);
    dz_f[k] = dc_k * c_before * f[k] * (1.0f - f[k]);
    dz_o[k] = dh[k] * tanh_c[k] * o[k] * (1.0f - o[k]);
    dz_g[k] = dc_k * i[k] * (1.0f - g[k] * g[k]);
    dc[k] = dc_k * f[k];
  }
}

const char* output_name(LstmOutput output) {
  return output == LstmOutput::last ? "last" : "sequence";
}

}  // namespace

Lstm::Lstm(std::size_t input_size, std::size_t hidden_size, LstmOutput output, bool reverse,
           Rng& rng)
    : output_kind_(output), reverse_(reverse) {
  if (input_size == 0 || hidden_size == 0) {
    throw ArgumentError("LSTM: input_size and hidden_size must be positive");
  }
  const std::size_t gate_rows = 4 * hidden_size;
  input_weight_ = Tensor::from_shape({gate_rows, input_size});
  recurrent_weight_ = Tensor::from_shape({gate_rows, hidden_size});
  const float limit = 1.0f / std::sqrt(static_cast<float>(hidden_size));
  std::uniform_real_distribution<float> uniform(-limit, limit);
  for (float& w : input_weight_) w = uniform(rng);
  for (float& u : recurrent_weight_) u = uniform(rng);
  bias_ = xt::zeros<float>({gate_rows});
  std::fill_n(bias_.data() + hidden_size, hidden_size, 1.0f);  // the forget gate's block
  input_weight_gradient_ = xt::zeros<float>({gate_rows, input_size});
  recurrent_weight_gradient_ = xt::zeros<float>({gate_rows, hidden_size});
  bias_gradient_ = xt::zeros<float>({gate_rows});
}

const Tensor& Lstm::forward(const Tensor& input) {
  if (input.dimension() != 3 || input.shape(0) == 0) {
    throw ArgumentError("LSTM expects a batch of shape [N, " + std::to_string(input_size()) +
                        ", T], got " + shape_to_string(shape_of(input)));
  }
  output_shape({input.shape(1), input.shape(2)});  // the layer's own message for a bad shape
  const Tensor& x = remember_input(input);
  const std::size_t n_count = x.shape(0), t_count = x.shape(2);
  const std::size_t hidden = hidden_size(), gate_count = 4 * hidden;
  const bool split = n_count > minimum_rows_to_split;
  gather_steps(x, steps_, padding_);
  resize_if_needed(gates_, {t_count, n_count, gate_count});
  resize_if_needed(cells_, {t_count, n_count, hidden});
  resize_if_needed(hidden_, {t_count, n_count, hidden});
  resize_if_needed(cell_tanh_, {t_count, n_count, hidden});

  // The input part of every step at once: z = b + x_t·Wᵀ for all (t, n), one GEMM of T·N rows.
  // Only the recurrent part has to wait for the step before.
  float* z_all = gates_.data();
  for (std::size_t row = 0; row < t_count * n_count; ++row) {
    std::copy_n(bias_.data(), gate_count, z_all + row * gate_count);
  }
  gemm(false, true, t_count * n_count, gate_count, input_size(), 1.0f, steps_.data(),
       input_weight_.data(), 1.0f, z_all);

  for (std::size_t s = 0; s < t_count; ++s) {
    const std::size_t t = reverse_ ? t_count - 1 - s : s;
    const std::size_t before = reverse_ ? t + 1 : t - 1;  // the step read before t (if s > 0)
    float* z = z_all + t * n_count * gate_count;
    float* c = cells_.data() + t * n_count * hidden;
    float* tanh_c = cell_tanh_.data() + t * n_count * hidden;
    float* h = hidden_.data() + t * n_count * hidden;
    const float* c_prev = s > 0 ? cells_.data() + before * n_count * hidden : nullptr;
    const float* h_prev = s > 0 ? hidden_.data() + before * n_count * hidden : nullptr;
    if (h_prev) {
      gemm(false, true, n_count, gate_count, hidden, 1.0f, h_prev, recurrent_weight_.data(), 1.0f,
           z);
    }
    const unsigned char* carried = padding_.data() + t * n_count;
#pragma omp parallel for schedule(static) if (split)
    for (std::ptrdiff_t n = 0; n < static_cast<std::ptrdiff_t>(n_count); ++n) {
      float* z_n = z + n * gate_count;
      float* c_n = c + n * hidden;
      float* h_n = h + n * hidden;
      if (carried[n]) {
        // Padding, eq. (6): the state passes unchanged; the gates, never applied, are 0.
        std::fill_n(z_n, gate_count, 0.0f);
        if (h_prev) {
          std::copy_n(c_prev + n * hidden, hidden, c_n);
          std::copy_n(h_prev + n * hidden, hidden, h_n);
        } else {
          std::fill_n(c_n, hidden, 0.0f);
          std::fill_n(h_n, hidden, 0.0f);
        }
      } else {
        step_forward(z_n, c_prev ? c_prev + n * hidden : nullptr, c_n, tanh_c + n * hidden, h_n,
                     hidden);
      }
    }
  }

  if (output_kind_ == LstmOutput::last) {
    const std::size_t t_end = reverse_ ? 0 : t_count - 1;
    resize_if_needed(output_, {n_count, hidden});
    std::copy_n(hidden_.data() + t_end * n_count * hidden, n_count * hidden, output_.data());
  } else {
    resize_if_needed(output_, {n_count, hidden, t_count});
    float* y = output_.data();
    for (std::size_t t = 0; t < t_count; ++t) {
      const float* h = hidden_.data() + t * n_count * hidden;
      for (std::size_t n = 0; n < n_count; ++n) {
        for (std::size_t k = 0; k < hidden; ++k) {
          y[(n * hidden + k) * t_count + t] = h[n * hidden + k];
        }
      }
    }
  }
  return output_;
}

const Tensor& Lstm::backward(const Tensor& output_gradient) {
  const std::size_t t_count = gates_.dimension() == 3 ? gates_.shape(0) : 0;
  const std::size_t n_count = t_count ? gates_.shape(1) : 0;
  const std::size_t hidden = hidden_size(), gate_count = 4 * hidden;
  const bool split = n_count > minimum_rows_to_split;
  const Shape expected =
      output_kind_ == LstmOutput::last ? Shape{n_count, hidden} : Shape{n_count, hidden, t_count};
  if (t_count == 0 || shape_of(output_gradient) != expected) {
    throw ArgumentError("LSTM: the output gradient " + shape_to_string(shape_of(output_gradient)) +
                        " does not match the last output " + shape_to_string(expected));
  }
  resize_if_needed(gate_gradients_, {t_count, n_count, gate_count});
  resize_if_needed(hidden_gradient_, {n_count, hidden});
  resize_if_needed(cell_gradient_, {n_count, hidden});
  hidden_gradient_.fill(0.0f);
  cell_gradient_.fill(0.0f);
  float* dh = hidden_gradient_.data();
  float* dc = cell_gradient_.data();
  const float* dy = output_gradient.data();

  // Back through time: steps in the opposite order to reading. dh and dc hold what reaches h_t
  // and c_t from the steps read after t (and from the output).
  for (std::size_t s = t_count; s-- > 0;) {
    const std::size_t t = reverse_ ? t_count - 1 - s : s;
    const std::size_t before = reverse_ ? t + 1 : t - 1;
    if (output_kind_ == LstmOutput::sequence) {
      for (std::size_t n = 0; n < n_count; ++n) {
        for (std::size_t k = 0; k < hidden; ++k) {
          dh[n * hidden + k] += dy[(n * hidden + k) * t_count + t];
        }
      }
    } else if (s == t_count - 1) {
      std::copy_n(dy, n_count * hidden, dh);
    }
    const float* gates = gates_.data() + t * n_count * gate_count;
    const float* tanh_c = cell_tanh_.data() + t * n_count * hidden;
    const float* c_prev = s > 0 ? cells_.data() + before * n_count * hidden : nullptr;
    float* dz = gate_gradients_.data() + t * n_count * gate_count;
    const unsigned char* carried = padding_.data() + t * n_count;
#pragma omp parallel for schedule(static) if (split)
    for (std::ptrdiff_t n = 0; n < static_cast<std::ptrdiff_t>(n_count); ++n) {
      float* dz_n = dz + n * gate_count;
      if (carried[n]) {
        // A carried step passes dh and dc straight through to the step before.
        std::fill_n(dz_n, gate_count, 0.0f);
      } else {
        step_backward(gates + n * gate_count, c_prev ? c_prev + n * hidden : nullptr,
                      tanh_c + n * hidden, dh + n * hidden, dc + n * hidden, dz_n, hidden);
        // What reaches h_{t−1} comes only through U (added below); the part for h_t is used up.
        std::fill_n(dh + n * hidden, hidden, 0.0f);
      }
    }
    // dh_{t−1} += dz_t·U: eq. (12). Carried rows have dz = 0 and keep their dh.
    if (s > 0) {
      gemm(false, false, n_count, hidden, gate_count, 1.0f, dz, recurrent_weight_.data(), 1.0f, dh);
    }
  }

  // The parameter gradients over all steps at once, eq. (14): dW = Σ_t dz_tᵀ·x_t,
  // dU = Σ_t dz_tᵀ·h_{t−1}, db = Σ_t Σ_n dz_t. The state before step t is that of the step next
  // to it in memory (t − 1, or t + 1 reading backwards), so h_{t−1} for T − 1 steps is one block
  // of hidden_ and dU is one GEMM; the first step read has h = 0 and adds nothing.
  const float* dz_all = gate_gradients_.data();
  gemm(true, false, gate_count, input_size(), t_count * n_count, 1.0f, dz_all, steps_.data(), 1.0f,
       input_weight_gradient_.data());
  if (t_count > 1) {
    const float* dz_read_after_first = reverse_ ? dz_all : dz_all + n_count * gate_count;
    const float* h_before = reverse_ ? hidden_.data() + n_count * hidden : hidden_.data();
    gemm(true, false, gate_count, hidden, (t_count - 1) * n_count, 1.0f, dz_read_after_first,
         h_before, 1.0f, recurrent_weight_gradient_.data());
  }
  float* db = bias_gradient_.data();
  for (std::size_t row = 0; row < t_count * n_count; ++row) {
    const float* dz_row = dz_all + row * gate_count;
    for (std::size_t k = 0; k < gate_count; ++k) db[k] += dz_row[k];
  }

  if (!input_gradient_needed_) return skipped_input_gradient();
  // dx_t = dz_t·W for all steps (eq. 15), then back to channels first. Carried steps get 0: the
  // padding rule holds only at x_t = 0 exactly, and no small change of x_t keeps it.
  const std::size_t e_count = input_size();
  resize_if_needed(step_gradients_, {t_count, n_count, e_count});
  gemm(false, false, t_count * n_count, e_count, gate_count, 1.0f, dz_all, input_weight_.data(),
       0.0f, step_gradients_.data());
  resize_if_needed(input_gradient_, {n_count, e_count, t_count});
  const float* source = step_gradients_.data();
  float* target = input_gradient_.data();
  for (std::size_t n = 0; n < n_count; ++n) {
    for (std::size_t e = 0; e < e_count; ++e) {
      float* dx_row = target + (n * e_count + e) * t_count;
      for (std::size_t t = 0; t < t_count; ++t) dx_row[t] = source[(t * n_count + n) * e_count + e];
    }
  }
  return input_gradient_;
}

Shape Lstm::output_shape(const Shape& input_shape) const {
  if (input_shape.size() != 2 || input_shape[0] != input_size() || input_shape[1] == 0) {
    throw ArgumentError("LSTM expects samples of shape [" + std::to_string(input_size()) +
                        ", T] with T >= 1, got " + shape_to_string(input_shape));
  }
  if (output_kind_ == LstmOutput::last) return {hidden_size()};
  return {hidden_size(), input_shape[1]};
}

nlohmann::json Lstm::config() const {
  return {{"input_size", input_size()},
          {"hidden_size", hidden_size()},
          {"output", output_name(output_kind_)},
          {"reverse", reverse_}};
}

std::vector<Parameter> Lstm::parameters() {
  return {{"input_weight", &input_weight_, &input_weight_gradient_},
          {"recurrent_weight", &recurrent_weight_, &recurrent_weight_gradient_},
          {"bias", &bias_, &bias_gradient_}};
}

}  // namespace glassbox
