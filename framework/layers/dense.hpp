// Dense (fully connected) layer: y = x·W + b.
//
// Shapes: x N×D, W D×K, b K, y N×K  (N samples, D inputs, K outputs).
// The arithmetic lives in free functions so that explanation methods can rerun it with modified
// weights (docs/math/lrp.md) without touching the layer.
//
// Sparse inputs. A batch of tf-idf documents (D = tens of thousands of words) is about 99% zeros,
// and most columns are zero in every row of the batch: a column that is zero everywhere adds
// nothing to x·W and nothing to xᵀ·dy. So when at most half of the columns hold a nonzero, the
// layer lists the C columns that do, c_1 < … < c_C, and works on them alone:
//
//   x_c = x[:, c]   (N×C)          W_c = W[c, :]   (C×K)
//   y   = x_c·W_c + b                               (N×C · C×K → N×K)
//   dW[c, :] += x_cᵀ·dy                             (C×N · N×K → C×K, added to the rows c of dW)
//
// which gives the same numbers as the dense path up to float rounding (the products are summed in
// another order). dx = dy·Wᵀ has no zero columns and always takes the dense path. The dense
// functions stay the reference; tests/test_dense.cpp compares the two.
#pragma once

#include <cstdint>
#include <vector>

#include "framework/layers/layer.hpp"
#include "framework/random.hpp"

namespace glassbox {

// y = x·W + b  (N×D · D×K + K → N×K). Resizes y only when its shape changes.
void linear_forward(const Tensor& x, const Tensor& weight, const Tensor& bias, Tensor& y);

// dx = dy·Wᵀ  (N×K · K×D → N×D).
void linear_backward_input(const Tensor& dy, const Tensor& weight, Tensor& dx);

// dW += xᵀ·dy  (D×N · N×K),  db += Σ_n dy.
void linear_backward_parameters(const Tensor& x, const Tensor& dy, Tensor& weight_gradient,
                                Tensor& bias_gradient);

// The sparse path. Scratch memory, kept by the caller so that batches reuse it.
struct LinearColumnsWorkspace {
  std::vector<float> inputs;   // x_c, N×C
  std::vector<float> weights;  // W_c, C×K; then x_cᵀ·dy in the backward pass
};

// The columns of the N×D batch `x` that hold a nonzero in at least one row, ascending.
void nonzero_columns(const Tensor& x, std::vector<std::uint32_t>& columns);

// y = x_c·W_c + b over the listed columns (N×K). Equals linear_forward when every other column of
// x is zero.
void linear_forward_columns(const Tensor& x, const std::vector<std::uint32_t>& columns,
                            const Tensor& weight, const Tensor& bias, Tensor& y,
                            LinearColumnsWorkspace& workspace);

// y = x·W + b as Dense::forward computes it: by the sparse path when at most half of the columns
// of x hold a nonzero, else by linear_forward. `columns` gets the nonzero columns; returns whether
// the sparse path was taken. Explanations that rerun the layer with modified weights call this, so
// that their sums are added up in the order the layer's were.
bool linear_forward_choosing_path(const Tensor& x, const Tensor& weight, const Tensor& bias,
                                  Tensor& y, std::vector<std::uint32_t>& columns,
                                  LinearColumnsWorkspace& workspace);

// dW[c, :] += x_cᵀ·dy for the listed columns c,  db += Σ_n dy. Equals linear_backward_parameters
// when every other column of x is zero (the other rows of dW would get zero added).
void linear_backward_parameters_columns(const Tensor& x, const std::vector<std::uint32_t>& columns,
                                        const Tensor& dy, Tensor& weight_gradient,
                                        Tensor& bias_gradient, LinearColumnsWorkspace& workspace);

enum class Initializer { he, glorot };

class Dense : public Layer {
 public:
  Dense(std::size_t inputs, std::size_t outputs, Initializer init, Rng& rng);

  std::string type() const override { return "Dense"; }
  const Tensor& forward(const Tensor& input) override;
  // Skips dx (returns an empty tensor) when the input gradient is switched off.
  const Tensor& backward(const Tensor& output_gradient) override;
  Shape output_shape(const Shape& input_shape) const override;
  nlohmann::json config() const override;
  std::vector<Parameter> parameters() override;

  const Tensor& weight() const { return weight_; }  // D×K
  const Tensor& bias() const { return bias_; }      // K
  // Whether the last forward batch took the sparse path, and over which columns.
  bool used_sparse_path() const { return sparse_path_; }
  const std::vector<std::uint32_t>& nonzero_input_columns() const { return columns_; }

 private:
  Initializer init_;
  Tensor weight_, bias_;
  Tensor weight_gradient_, bias_gradient_;
  bool sparse_path_ = false;
  std::vector<std::uint32_t> columns_;
  LinearColumnsWorkspace workspace_;
};

}  // namespace glassbox
