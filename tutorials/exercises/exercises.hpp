// Every function of the classroom exercises (tutorials/exercises/README.md), one block per
// exercise, each with the equation it computes. A student's file NN_name.cpp defines the functions
// of exercise NN and includes only this header, so it compiles alone; the grading test of that
// exercise (grading/test_NN_name.cpp) holds them to the library's own code on small cases.
//
// Shapes: N samples, D inputs, K outputs (classes), C channels, H×W pixels, F filters, k×k kernel,
// OH×OW output pixels. All tensors are glassbox::Tensor (xt::xarray<float>), row-major; index them
// as t(n, i) or work on whole arrays with xtensor expressions.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "framework/tensor.hpp"

namespace glassbox::exercises {

// What a starter's TODO body throws: the grading test reports it as "not implemented yet".
class NotImplemented : public std::runtime_error {
 public:
  explicit NotImplemented(const std::string& what) : std::runtime_error(what) {}
};

// ---- Exercise 1 (tutorial 1, step 2): a Dense layer, forward and backward ---------------------
// y = x·W + b                                          (x N×D, W D×K, b K → y N×K)
Tensor dense_forward(const Tensor& x, const Tensor& weight, const Tensor& bias);

struct DenseGradients {
  Tensor input;   // dL/dx = dy·Wᵀ          N×D
  Tensor weight;  // dL/dW = xᵀ·dy          D×K
  Tensor bias;    // dL/db = Σ_n dy[n, :]   K
};
// The three gradients for dy = dL/dy (N×K) of the batch x.
DenseGradients dense_backward(const Tensor& x, const Tensor& weight, const Tensor& output_gradient);

// ---- Exercise 2 (tutorial 1, step 4): softmax cross-entropy and its gradient -----------------
// p[n, k] = e^{z_nk − m_n} / Σ_j e^{z_nj − m_n},  m_n = max_j z_nj   (logits z N×K → p N×K)
Tensor softmax(const Tensor& logits);
// L = (1/N) Σ_n [ log Σ_k e^{z_nk} − z_{n,y_n} ]   (labels y: N class indices in [0, K))
float cross_entropy(const Tensor& logits, const Labels& labels);
// dL/dz = (softmax(z) − onehot(y)) / N             (N×K)
Tensor cross_entropy_gradient(const Tensor& logits, const Labels& labels);

// ---- Exercise 3 (tutorial 1, step 5): one step of SGD with momentum ---------------------------
// v ← μ·v + g,   w ← w − η·v        (w, v and g of one shape; v starts at zeros)
// Updates `weight` and `velocity` in place.
void sgd_momentum_step(Tensor& weight, Tensor& velocity, const Tensor& gradient,
                       float learning_rate, float momentum);

// ---- Exercise 4 (tutorial 2, step 2): the convolution as im2col + one matrix product ----------
// OH = (H + 2p − k)/s + 1, OW = (W + 2p − k)/s + 1 (rounding down), and
//   columns[(c·k + i)·k + j][oy·OW + ox] = image[c][oy·s − p + i][ox·s − p + j]   (0 in the
//   padding)
// image C×H×W → columns (C·k·k)×(OH·OW).
Tensor im2col_matrix(const Tensor& image, std::size_t kernel, std::size_t stride,
                     std::size_t padding);
// y[n][f][oy][ox] = b[f] + Σ_{c,i,j} W[f][c][i][j] · x[n][c][oy·s − p + i][ox·s − p + j]
// computed per image as W (read as F×(C·k·k)) times im2col_matrix(x[n]) (x N×C×H×W, W F×C×k×k,
// b F → y N×F×OH×OW).
Tensor conv2d_im2col(const Tensor& x, const Tensor& weight, const Tensor& bias, std::size_t stride,
                     std::size_t padding);

// ---- Exercise 5 (tutorial 5): sensitivity and simple Taylor ------------------------------------
// The network f(x) = relu(x·W1 + b1)·W2 + b2 (x N×D, W1 D×H, b1 H, W2 H×K, b2 K). Its gradient
// ∂f_c/∂x (N×D) for class c = `target` of every sample, by the chain rule:
//   h = x·W1 + b1,   ∂f_c/∂x_i = Σ_j W1[i][j] · [h_j > 0] · W2[j][c]
Tensor relu_network_gradient(const Tensor& x, const Tensor& w1, const Tensor& b1, const Tensor& w2,
                             const Tensor& b2, std::size_t target);
// Sensitivity, docs/math/explanations.md eq. (1): R_i = (∂f_c/∂x_i)²
Tensor sensitivity_relevance(const Tensor& gradient);
// Simple Taylor, docs/math/explanations.md eq. (4): R_i = x_i · ∂f_c/∂x_i
Tensor simple_taylor_relevance(const Tensor& x, const Tensor& gradient);

// ---- Exercise 6 (tutorial 6): the LRP-ε rule by the four steps --------------------------------
// docs/math/lrp.md eq. (5), computed by the four steps of eq. (3) with ρ(w) = w:
//   1. z = a·W + b   2. s = R ⊘ (z + ε·sign(z)), sign(0) = +1   3. c = s·Wᵀ   4. R_in = a ⊙ c
// a N×D, W D×K, b K, R N×K → R_in N×D.
Tensor lrp_epsilon(const Tensor& a, const Tensor& weight, const Tensor& bias,
                   const Tensor& relevance, float epsilon);

// ---- Exercise 7 (tutorial 6; rules in tutorial 8): the z⁺ and αβ rules ------------------------
// For activations a ≥ 0 (ReLU outputs), no bias; w⁺ = max(0, w), w⁻ = min(0, w).
// z⁺, docs/math/lrp.md eq. (7):  R_i = Σ_j a_i w_ij⁺ / Σ_i a_i w_ij⁺ · R_j
// A denominator of exactly 0 passes on nothing (that s_j = 0).
Tensor lrp_z_plus(const Tensor& a, const Tensor& weight, const Tensor& relevance);
// αβ, docs/math/lrp.md eq. (8), with α − β = 1:
//   R_i = Σ_j ( α · a_i w_ij⁺ / Σ_i a_i w_ij⁺  −  β · a_i w_ij⁻ / Σ_i a_i w_ij⁻ ) · R_j
Tensor lrp_alpha_beta(const Tensor& a, const Tensor& weight, const Tensor& relevance, float alpha,
                      float beta);

// ---- Exercise 8 (tutorial 9): pixel flipping on a linear model ---------------------------------
// The feature indices of a relevance vector (D), most relevant first (ties: lower index first).
std::vector<std::size_t> flipping_order(const Tensor& relevance);
// f(x) = w·x + b (x, w, relevance D). Replace the features in flipping_order(relevance),
// `per_step` at a time, by `replacement`, and record f after each step:
// curve[0] = f(x), curve[k] = f(x⁽ᵏ⁾), k = 1 … L with L = ⌈D / per_step⌉.
std::vector<float> flipping_curve(const Tensor& x, const Tensor& weight, float bias,
                                  const Tensor& relevance, float replacement, std::size_t per_step);
// AOPC = 1/(L + 1) · Σ_{k=0..L} (curve[0] − curve[k])   (docs/math/evaluation.md)
double aopc(const std::vector<float>& curve);

}  // namespace glassbox::exercises
