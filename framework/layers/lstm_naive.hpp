// The LSTM of lstm.hpp written straight from its equations (docs/math/lstm.md, eqs. 1-15): one
// sample at a time, one step at a time, every sum a loop, in double. No gathering of the steps,
// no GEMM, no threads. lstm.hpp's layer is the fast version of these two functions; the tests
// compare them (tests/test_lstm.cpp), and this file is the one to read first.
//
// Shapes: x N×E×T, W 4H×E, U 4H×H, b 4H (blocks i, f, o, g), gates T×N×4H, cells and hidden
// T×N×H, as in lstm.hpp. A step whose input is all zero carries the state over (padding).
// Slow: a reference, not for training.
#pragma once

#include "framework/tensor.hpp"

namespace glassbox {

// Runs the LSTM over x (forwards, or backwards with `reverse`) and writes every step's activated
// gates, cells c_t and hidden states h_t, indexed by position t; all three are overwritten.
// Carried (padding) steps have gates 0 and the state of the step read before them.
void lstm_forward_naive(const Tensor& x, const Tensor& input_weight, const Tensor& recurrent_weight,
                        const Tensor& bias, bool reverse, Tensor& gates, Tensor& cells,
                        Tensor& hidden);

// Backpropagation through time for dL/dh_t = hidden_gradient[t] (T×N×H: whatever the output
// passes to each step; for the `last` output only one step is nonzero). Reruns the forward pass,
// adds dL/dW, dL/dU, dL/db into the three gradients and overwrites dx (N×E×T; 0 at padding steps).
void lstm_backward_naive(const Tensor& x, const Tensor& input_weight,
                         const Tensor& recurrent_weight, const Tensor& bias, bool reverse,
                         const Tensor& hidden_gradient, Tensor& input_weight_gradient,
                         Tensor& recurrent_weight_gradient, Tensor& bias_gradient, Tensor& dx);

}  // namespace glassbox
