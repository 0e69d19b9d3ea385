// The synthetic multichannel signals of tutorial 18 (datasets/synthetic_signals): shapes, labels
// and seeds; the ground-truth mask; that the planted burst is really there (its band's power inside
// the mask, and only for its class); the one-line errors for bad options; and the two overlap
// scores against hand-made maps.
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <vector>

#include "datasets/synthetic_signals.hpp"
#include "framework/errors.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_synthetic_signals {

using namespace glassbox;

namespace {

constexpr double kPi = 3.14159265358979323846;

// Mean over recordings of class k of the power at `cycles_per_step` (the squared magnitude of the
// windowed Fourier coefficient) in channel c over steps [begin, end).
double band_power(const SignalTask& task, int k, std::size_t c, std::size_t begin, std::size_t end,
                  double cycles_per_step) {
  const LabeledData& data = task.data;
  const std::size_t channels = data.inputs.shape(2), steps = data.inputs.shape(3);
  double total = 0.0;
  int count = 0;
  for (std::size_t n = 0; n < data.size(); ++n) {
    if (data.labels[n] != k) continue;
    const float* row = data.inputs.data() + (n * channels + c) * steps;
    double re = 0.0, im = 0.0;
    for (std::size_t t = begin; t < end; ++t) {
      re += row[t] * std::cos(2.0 * kPi * cycles_per_step * static_cast<double>(t));
      im += row[t] * std::sin(2.0 * kPi * cycles_per_step * static_cast<double>(t));
    }
    total += (re * re + im * im) / static_cast<double>(end - begin);
    ++count;
  }
  return total / count;
}

}  // namespace

TEST_CASE("the task has the stated shapes, alternating labels, and repeats with its seed") {
  SignalTaskOptions options;
  options.samples = 10;
  const SignalTask task = make_signal_task(options);
  CHECK(task.data.inputs.shape() == std::vector<std::size_t>{10, 1, 16, 128});
  CHECK(task.data.labels == Labels{0, 1, 0, 1, 0, 1, 0, 1, 0, 1});
  CHECK(task.data.class_count() == 2);
  CHECK(task.mask.shape() == std::array<std::size_t, 3>{2, 16, 128});

  const SignalTask again = make_signal_task(options);
  CHECK(task.data.inputs == again.data.inputs);
  options.seed = 2;
  CHECK(make_signal_task(options).data.inputs != task.data.inputs);
}

TEST_CASE("the mask covers each class's channels and window, and nothing else") {
  const SignalTaskOptions options;
  const SignalTask task = make_signal_task(options);
  for (std::size_t k = 0; k < 2; ++k) {
    const PlantedBurst& burst = options.bursts[k];
    double area = 0.0;
    for (std::size_t c = 0; c < 16; ++c) {
      for (std::size_t t = 0; t < 128; ++t) area += task.mask(k, c, t);
    }
    CHECK(area == doctest::Approx(burst.channels.size() * (burst.end - burst.begin)));
    CHECK(task.mask(k, burst.channels[0], burst.begin) == 1.0f);
    CHECK(task.mask(k, burst.channels[0], burst.begin - 1) == 0.0f);
    CHECK(task.mask(k, burst.channels[0], burst.end) == 0.0f);
  }
}

TEST_CASE("the burst's band carries power inside the mask, for its own class only") {
  SignalTaskOptions options;
  options.samples = 400;
  const SignalTask task = make_signal_task(options);
  for (int k = 0; k < 2; ++k) {
    const PlantedBurst& burst = options.bursts[static_cast<std::size_t>(k)];
    const std::size_t c = burst.channels[1];
    const double planted = band_power(task, k, c, burst.begin, burst.end, burst.cycles_per_step);
    const double other_class =
        band_power(task, 1 - k, c, burst.begin, burst.end, burst.cycles_per_step);
    const double other_channel =
        band_power(task, k, 15, burst.begin, burst.end, burst.cycles_per_step);
    // White noise of σ = 1 gives power 1 at any frequency; the burst adds about a²·L/4 ≈ 14 over
    // its 40 steps (a = 1.2, less for the ramps).
    CHECK(other_class == doctest::Approx(1.0).epsilon(0.3));
    CHECK(other_channel == doctest::Approx(1.0).epsilon(0.3));
    CHECK(planted > 3.0 * other_class);
  }
}

TEST_CASE("bad options are one-line errors naming the problem") {
  SignalTaskOptions options;
  options.bursts[1].channels = {16};
  CHECK_THROWS_WITH_AS(make_signal_task(options),
                       doctest::Contains("burst of class 1: channel 16 is not below 16"),
                       ArgumentError);
  options = {};
  options.bursts[0].end = 200;
  CHECK_THROWS_WITH_AS(make_signal_task(options), doctest::Contains("window [32, 200)"),
                       ArgumentError);
  options = {};
  options.bursts[0].cycles_per_step = 0.5;
  CHECK_THROWS_WITH_AS(make_signal_task(options), doctest::Contains("cycles_per_step"),
                       ArgumentError);
  options = {};
  options.bursts.pop_back();
  CHECK_THROWS_AS(make_signal_task(options), ArgumentError);
  options = {};
  options.samples = 0;
  CHECK_THROWS_AS(make_signal_task(options), ArgumentError);
}

TEST_CASE("overlap scores: 1 for the mask itself, 0 for its complement, chance for a flat map") {
  xt::xtensor<float, 2> mask = xt::zeros<float>({4, 5});
  mask(1, 1) = mask(1, 2) = mask(2, 1) = mask(2, 2) = 1.0f;  // 4 of 20 cells
  const xt::xtensor<float, 2> on_mask = mask * 3.0f;
  CHECK(positive_share_inside(on_mask.data(), mask) == doctest::Approx(1.0));
  CHECK(precision_at_mask_size(on_mask.data(), mask) == doctest::Approx(1.0));

  const xt::xtensor<float, 2> off_mask = 1.0f - mask;
  CHECK(positive_share_inside(off_mask.data(), mask) == doctest::Approx(0.0));
  CHECK(precision_at_mask_size(off_mask.data(), mask) == doctest::Approx(0.0));

  // Negative relevance never counts as found: only its positive part is shared out.
  xt::xtensor<float, 2> mixed = -5.0f * mask;
  mixed(1, 1) = 1.0f;
  mixed(0, 0) = 3.0f;
  CHECK(positive_share_inside(mixed.data(), mask) == doctest::Approx(0.25));

  // A flat map shares its relevance evenly: the mask gets its area's share, 4 of 20 cells.
  const xt::xtensor<float, 2> flat = xt::ones<float>({4, 5});
  CHECK(positive_share_inside(flat.data(), mask) == doctest::Approx(0.2));
  const xt::xtensor<float, 2> zero = xt::zeros<float>({4, 5});
  CHECK(positive_share_inside(zero.data(), mask) == 0.0);
}

}  // namespace test_synthetic_signals
