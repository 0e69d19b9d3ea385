// LSTM: the batched layer against the naive reference (forward, gates/cells/hidden, and BPTT),
// finite-difference gradients through time with padding, for both outputs and both directions,
// shapes and bad input, model files and checkpoint resume.
//
// Shapes: x N×E×T, W 4H×E, U 4H×H, b 4H, y N×H (last) or N×H×T (sequence).
#include <doctest/doctest.h>

#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "framework/errors.hpp"
#include "framework/layers/lstm.hpp"
#include "framework/layers/lstm_naive.hpp"
#include "framework/layers/registry.hpp"
#include "gradient_check.hpp"

using namespace glassbox;
using glassbox::testing::check_gradients;
using glassbox::testing::random_tensor;

namespace {

// A layer with random weights and a random (nonzero) bias.
Lstm random_lstm(std::size_t inputs, std::size_t units, LstmOutput output, bool reverse,
                 std::uint64_t seed) {
  Rng rng(seed);
  Lstm lstm(inputs, units, output, reverse, rng);
  *lstm.parameters()[2].value = random_tensor({4 * units}, seed + 1);
  return lstm;
}

// A batch of N×E×T in [−1, 1] whose sample n ends in n padding steps (all-zero columns), and
// whose sample 2 (if any) also has a padding step inside it, at t = 1.
Tensor padded_batch(std::size_t samples, std::size_t inputs, std::size_t steps,
                    std::uint64_t seed) {
  Tensor x = random_tensor({samples, inputs, steps}, seed);
  for (std::size_t n = 0; n < samples; ++n) {
    for (std::size_t t = steps - std::min(n, steps - 1); t < steps; ++t) {
      xt::view(x, n, xt::all(), t) = 0.0f;
    }
  }
  if (samples > 2 && steps > 2) xt::view(x, 2, xt::all(), 1) = 0.0f;
  return x;
}

// What the naive reference gives as the layer's output.
Tensor naive_output(const Tensor& hidden, LstmOutput output, bool reverse) {
  const std::size_t steps = hidden.shape(0);
  if (output == LstmOutput::last) return xt::view(hidden, reverse ? 0 : steps - 1);
  return xt::transpose(hidden, {1, 2, 0});
}

struct Variant {
  LstmOutput output;
  bool reverse;
};
const Variant variants[] = {{LstmOutput::last, false},
                            {LstmOutput::last, true},
                            {LstmOutput::sequence, false},
                            {LstmOutput::sequence, true}};

}  // namespace

TEST_CASE("LSTM forward matches the naive reference, step by step, with padding") {
  for (const Variant& v : variants) {
    INFO("sequence " << (v.output == LstmOutput::sequence) << ", reverse " << v.reverse);
    Lstm lstm = random_lstm(5, 4, v.output, v.reverse, 3);
    const Tensor x = padded_batch(4, 5, 6, 11);
    const Tensor y = lstm.forward(x);
    Tensor gates, cells, hidden;
    lstm_forward_naive(x, lstm.input_weight(), lstm.recurrent_weight(), lstm.bias(), v.reverse,
                       gates, cells, hidden);
    CHECK(xt::allclose(lstm.gates(), gates, 1e-5, 1e-6));
    CHECK(xt::allclose(lstm.cells(), cells, 1e-5, 1e-6));
    CHECK(xt::allclose(lstm.hidden(), hidden, 1e-5, 1e-6));
    CHECK(xt::allclose(y, naive_output(hidden, v.output, v.reverse), 1e-5, 1e-6));
    // padding(): sample n's last n steps, and sample 2's step 1.
    REQUIRE(lstm.padding().size() == 6 * 4);
    for (std::size_t t = 0; t < 6; ++t) {
      for (std::size_t n = 0; n < 4; ++n) {
        const bool expected = t + n >= 6 || (n == 2 && t == 1);
        CHECK(lstm.padding()[t * 4 + n] == expected);
      }
    }
  }
}

TEST_CASE("LSTM padding carries the state over: a padded document reads like the unpadded one") {
  Lstm lstm = random_lstm(3, 5, LstmOutput::last, false, 7);
  Tensor x = random_tensor({1, 3, 4}, 8);
  const Tensor short_output = lstm.forward(x);
  Tensor padded = xt::zeros<float>({1, 3, 7});
  xt::view(padded, xt::all(), xt::all(), xt::range(0, 4)) = x;
  CHECK(lstm.forward(padded) == short_output);  // bit for bit: the carried steps compute nothing
  // Reading backwards, padding at the end is skipped before the first word.
  Lstm backwards = random_lstm(3, 5, LstmOutput::last, true, 7);
  const Tensor short_backwards = backwards.forward(x);
  CHECK(backwards.forward(padded) == short_backwards);
}

TEST_CASE("LSTM shapes, configuration and bad input") {
  Rng rng(1);
  Lstm last(6, 3, LstmOutput::last, false, rng);
  Lstm sequence(6, 3, LstmOutput::sequence, true, rng);
  CHECK(last.output_shape({6, 10}) == Shape{3});
  CHECK(sequence.output_shape({6, 10}) == Shape{3, 10});
  CHECK_THROWS_AS(last.output_shape({5, 10}), ArgumentError);
  CHECK_THROWS_AS(last.output_shape({6}), ArgumentError);
  CHECK_THROWS_AS(last.output_shape({6, 0}), ArgumentError);
  CHECK_THROWS_AS(last.output_shape({6, 10, 1}), ArgumentError);
  CHECK_THROWS_AS(last.forward(Tensor(xt::zeros<float>({2, 5, 4}))), ArgumentError);
  CHECK_THROWS_AS(last.forward(Tensor(xt::zeros<float>({2, 6}))), ArgumentError);
  CHECK_THROWS_AS(Lstm(0, 3, LstmOutput::last, false, rng), ArgumentError);
  CHECK_THROWS_AS(Lstm(6, 0, LstmOutput::last, false, rng), ArgumentError);
  CHECK(sequence.config() ==
        nlohmann::json{
            {"input_size", 6}, {"hidden_size", 3}, {"output", "sequence"}, {"reverse", true}});
  // Initialisation: |w| ≤ 1/√H; biases 0 but the forget gate's block, 1.
  const float limit = 1.0f / std::sqrt(3.0f);
  CHECK(xt::amax(xt::abs(last.input_weight()))() <= limit);
  CHECK(xt::amax(xt::abs(last.recurrent_weight()))() <= limit);
  CHECK(last.bias() == Tensor{0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0});
  // A backward that does not match the last forward.
  last.forward(Tensor(xt::ones<float>({2, 6, 4})));
  CHECK_THROWS_AS(last.backward(Tensor(xt::ones<float>({2, 4}))), ArgumentError);
  CHECK_THROWS_AS(last.backward(Tensor(xt::ones<float>({2, 3, 4}))), ArgumentError);
  // Through the registry.
  CHECK_THROWS_AS(
      make_layer("LSTM", {{"input_size", 6}, {"hidden_size", 3}, {"output", "all"}}, rng),
      ArgumentError);
  CHECK_THROWS_AS(make_layer("LSTM", {{"input_size", 6}, {"hidden_size", 0}}, rng), ArgumentError);
  const auto made = make_layer("LSTM", sequence.config(), rng);
  CHECK(made->config() == sequence.config());
}

TEST_CASE("LSTM gradients through time match finite differences, with padding") {
  for (const Variant& v : variants) {
    INFO("sequence " << (v.output == LstmOutput::sequence) << ", reverse " << v.reverse);
    Lstm lstm = random_lstm(3, 4, v.output, v.reverse, 21);
    // 3 samples of 5 steps: none, one and two padding steps at the end, and sample 2 also one
    // inside (t = 1), where the carried state must pass dh and dc straight through.
    Tensor x = padded_batch(3, 3, 5, 22);
    // Every parameter; the input is checked below, away from padding.
    check_gradients(lstm, x, 1e-2, 2e-3, /*check_input=*/false);

    const Tensor& first = lstm.forward(x);
    const Tensor r = random_tensor(shape_of(first), 99);
    const Tensor dx = lstm.backward(r);
    REQUIRE(shape_of(dx) == shape_of(x));
    std::size_t checked = 0;
    for (std::size_t n = 0; n < 3; ++n) {
      for (std::size_t t = 0; t < 5; ++t) {
        const bool padding = lstm.padding()[t * 3 + n];
        for (std::size_t e = 0; e < 3; ++e) {
          if (padding) {
            // The rule holds at x_t = 0 exactly; any change of x_t reads the step. The
            // gradient there is 0 by definition.
            CHECK(dx(n, e, t) == 0.0f);
            continue;
          }
          const float saved = x(n, e, t);
          x(n, e, t) = saved + 1e-2f;
          const double plus = testing::weighted_output(lstm, x, r);
          x(n, e, t) = saved - 1e-2f;
          const double minus = testing::weighted_output(lstm, x, r);
          x(n, e, t) = saved;
          testing::require_close((plus - minus) / 2e-2, dx(n, e, t), 2e-3, "input", checked++);
        }
      }
    }
    CHECK(checked == 3 * (15 - 4));  // 4 padding steps in all
  }
}

TEST_CASE("LSTM backward matches the naive reference, gradients accumulate, dx can be skipped") {
  for (const Variant& v : variants) {
    INFO("sequence " << (v.output == LstmOutput::sequence) << ", reverse " << v.reverse);
    Lstm lstm = random_lstm(6, 5, v.output, v.reverse, 31);
    const Tensor x = padded_batch(7, 6, 9, 32);
    const Tensor& y = lstm.forward(x);
    const Tensor dy = random_tensor(shape_of(y), 33);
    for (auto& p : lstm.parameters()) p.gradient->fill(0.0f);
    const Tensor dx = lstm.backward(dy);

    // dL/dh_t as the output passes it to each step.
    Tensor hidden_gradient = xt::zeros<float>({9, 7, 5});
    if (v.output == LstmOutput::last) {
      xt::view(hidden_gradient, v.reverse ? 0 : 8) = dy;
    } else {
      hidden_gradient = xt::transpose(dy, {2, 0, 1});
    }
    Tensor dw = xt::zeros<float>({20, 6}), du = xt::zeros<float>({20, 5});
    Tensor db = xt::zeros<float>({20}), naive_dx;
    lstm_backward_naive(x, lstm.input_weight(), lstm.recurrent_weight(), lstm.bias(), v.reverse,
                        hidden_gradient, dw, du, db, naive_dx);
    auto parameters = lstm.parameters();
    CHECK(xt::allclose(*parameters[0].gradient, dw, 1e-4, 1e-5));
    CHECK(xt::allclose(*parameters[1].gradient, du, 1e-4, 1e-5));
    CHECK(xt::allclose(*parameters[2].gradient, db, 1e-4, 1e-5));
    CHECK(xt::allclose(dx, naive_dx, 1e-4, 1e-5));

    // A second backward adds the same again; without the input gradient, only that is skipped.
    lstm.set_input_gradient_needed(false);
    CHECK(lstm.backward(dy).size() == 0);
    CHECK(xt::allclose(*parameters[0].gradient, 2.0f * dw, 1e-4, 1e-5));
    CHECK(xt::allclose(*parameters[1].gradient, 2.0f * du, 1e-4, 1e-5));
    CHECK(xt::allclose(*parameters[2].gradient, 2.0f * db, 1e-4, 1e-5));
  }
}
