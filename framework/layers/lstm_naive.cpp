#include "framework/layers/lstm_naive.hpp"

#include <cmath>
#include <vector>

namespace glassbox {
namespace {

double logistic(double z) {
  return 1.0 / (1.0 + std::exp(-z));
}

// Whether x[n][·][t] is zero in every entry: the padding rule.
bool is_padding(const Tensor& x, std::size_t n, std::size_t t) {
  for (std::size_t e = 0; e < x.shape(1); ++e) {
    if (x(n, e, t) != 0.0f) return false;
  }
  return true;
}

// The position read at reading step s.
std::size_t position(std::size_t s, std::size_t steps, bool reverse) {
  return reverse ? steps - 1 - s : s;
}

}  // namespace

void lstm_forward_naive(const Tensor& x, const Tensor& input_weight, const Tensor& recurrent_weight,
                        const Tensor& bias, bool reverse, Tensor& gates, Tensor& cells,
                        Tensor& hidden) {
  const std::size_t samples = x.shape(0), inputs = x.shape(1), steps = x.shape(2);
  const std::size_t units = recurrent_weight.shape(1);
  gates = xt::zeros<float>({steps, samples, 4 * units});
  cells = xt::zeros<float>({steps, samples, units});
  hidden = xt::zeros<float>({steps, samples, units});
  for (std::size_t n = 0; n < samples; ++n) {
    std::vector<double> h(units, 0.0), c(units, 0.0);  // h_{t−1}, c_{t−1}: 0 before the first step
    for (std::size_t s = 0; s < steps; ++s) {
      const std::size_t t = position(s, steps, reverse);
      if (!is_padding(x, n, t)) {
        // z_r = Σ_e W[r][e] x[e] + Σ_j U[r][j] h_{t−1}[j] + b[r], eqs. (1)-(3), for the 4H rows.
        std::vector<double> a(4 * units);
        for (std::size_t r = 0; r < 4 * units; ++r) {
          double z = bias(r);
          for (std::size_t e = 0; e < inputs; ++e) z += double(input_weight(r, e)) * x(n, e, t);
          for (std::size_t j = 0; j < units; ++j) z += double(recurrent_weight(r, j)) * h[j];
          a[r] = r < 3 * units ? logistic(z) : std::tanh(z);
        }
        for (std::size_t k = 0; k < units; ++k) {
          const double i = a[k], f = a[units + k], o = a[2 * units + k], g = a[3 * units + k];
          c[k] = f * c[k] + i * g;     // eq. (4)
          h[k] = o * std::tanh(c[k]);  // eq. (5)
        }
        for (std::size_t r = 0; r < 4 * units; ++r) gates(t, n, r) = static_cast<float>(a[r]);
      }
      for (std::size_t k = 0; k < units; ++k) {
        cells(t, n, k) = static_cast<float>(c[k]);
        hidden(t, n, k) = static_cast<float>(h[k]);
      }
    }
  }
}

void lstm_backward_naive(const Tensor& x, const Tensor& input_weight,
                         const Tensor& recurrent_weight, const Tensor& bias, bool reverse,
                         const Tensor& hidden_gradient, Tensor& input_weight_gradient,
                         Tensor& recurrent_weight_gradient, Tensor& bias_gradient, Tensor& dx) {
  const std::size_t samples = x.shape(0), inputs = x.shape(1), steps = x.shape(2);
  const std::size_t units = recurrent_weight.shape(1);
  Tensor gates, cells, hidden;
  lstm_forward_naive(x, input_weight, recurrent_weight, bias, reverse, gates, cells, hidden);
  dx = xt::zeros<float>({samples, inputs, steps});
  for (std::size_t n = 0; n < samples; ++n) {
    std::vector<double> dh(units, 0.0), dc(units, 0.0);  // reaching h_t, c_t from later steps
    for (std::size_t s = steps; s-- > 0;) {
      const std::size_t t = position(s, steps, reverse);
      for (std::size_t k = 0; k < units; ++k) dh[k] += hidden_gradient(t, n, k);
      if (is_padding(x, n, t)) continue;  // eq. (13): dh, dc pass through, dz = 0
      const bool first = s == 0;
      const std::size_t before = first ? 0 : position(s - 1, steps, reverse);
      std::vector<double> dz(4 * units);
      for (std::size_t k = 0; k < units; ++k) {
        const double i = gates(t, n, k), f = gates(t, n, units + k);
        const double o = gates(t, n, 2 * units + k), g = gates(t, n, 3 * units + k);
        const double tanh_c = std::tanh(double(cells(t, n, k)));
        const double c_before = first ? 0.0 : double(cells(before, n, k));
        const double dc_t = dc[k] + dh[k] * o * (1.0 - tanh_c * tanh_c);  // eq. (8)
        dz[k] = dc_t * g * i * (1.0 - i);                                 // eqs. (9)-(10)
        dz[units + k] = dc_t * c_before * f * (1.0 - f);
        dz[2 * units + k] = dh[k] * tanh_c * o * (1.0 - o);
        dz[3 * units + k] = dc_t * i * (1.0 - g * g);
        dc[k] = dc_t * f;  // eq. (11)
      }
      for (std::size_t j = 0; j < units; ++j) {  // eq. (12): dh_{t−1} = Uᵀ dz
        dh[j] = 0.0;
        for (std::size_t r = 0; r < 4 * units; ++r) dh[j] += double(recurrent_weight(r, j)) * dz[r];
      }
      for (std::size_t r = 0; r < 4 * units; ++r) {  // eqs. (14)-(15)
        bias_gradient(r) += static_cast<float>(dz[r]);
        for (std::size_t e = 0; e < inputs; ++e) {
          input_weight_gradient(r, e) += static_cast<float>(dz[r] * x(n, e, t));
          dx(n, e, t) += static_cast<float>(dz[r] * input_weight(r, e));
        }
        for (std::size_t j = 0; j < units && !first; ++j) {
          recurrent_weight_gradient(r, j) += static_cast<float>(dz[r] * hidden(before, n, j));
        }
      }
    }
  }
}

}  // namespace glassbox
