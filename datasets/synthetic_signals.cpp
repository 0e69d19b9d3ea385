#include "datasets/synthetic_signals.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>

#include "framework/errors.hpp"
#include "framework/random.hpp"

namespace glassbox {

namespace {

constexpr double kPi = 3.14159265358979323846;

void check_options(const SignalTaskOptions& options) {
  if (options.samples == 0 || options.channels == 0 || options.time_steps == 0) {
    throw ArgumentError("synthetic signals: samples, channels and time_steps must be positive");
  }
  if (options.bursts.size() != 2) {
    throw ArgumentError("synthetic signals: bursts must name exactly two classes, got " +
                        std::to_string(options.bursts.size()));
  }
  for (std::size_t k = 0; k < options.bursts.size(); ++k) {
    const PlantedBurst& burst = options.bursts[k];
    const std::string which = "synthetic signals: burst of class " + std::to_string(k);
    if (burst.channels.empty()) throw ArgumentError(which + " has no channel");
    for (const std::size_t c : burst.channels) {
      if (c >= options.channels) {
        throw ArgumentError(which + ": channel " + std::to_string(c) + " is not below " +
                            std::to_string(options.channels));
      }
    }
    if (burst.begin >= burst.end || burst.end > options.time_steps) {
      throw ArgumentError(which + ": window [" + std::to_string(burst.begin) + ", " +
                          std::to_string(burst.end) + ") is empty or past " +
                          std::to_string(options.time_steps) + " time steps");
    }
    if (!(burst.cycles_per_step > 0.0 && burst.cycles_per_step < 0.5)) {
      throw ArgumentError(which + ": cycles_per_step must lie in (0, 0.5)");
    }
  }
}

// The burst's envelope over its window: 1 inside, rising and falling over a Hann ramp of a
// quarter of the window at each end (the mask itself stays the whole window).
std::vector<double> burst_envelope(const PlantedBurst& burst, std::size_t time_steps) {
  std::vector<double> envelope(time_steps, 0.0);
  const std::size_t length = burst.end - burst.begin;
  const double ramp = std::max(1.0, static_cast<double>(length) / 4.0);
  for (std::size_t t = burst.begin; t < burst.end; ++t) {
    const double from_edge =
        std::min(static_cast<double>(t - burst.begin), static_cast<double>(burst.end - 1 - t));
    envelope[t] = from_edge >= ramp ? 1.0 : 0.5 - 0.5 * std::cos(kPi * (from_edge + 0.5) / ramp);
  }
  return envelope;
}

}  // namespace

SignalTask make_signal_task(const SignalTaskOptions& options) {
  check_options(options);
  const std::size_t n_count = options.samples, channels = options.channels,
                    steps = options.time_steps, classes = options.bursts.size();
  SignalTask task;
  task.mask = xt::zeros<float>({classes, channels, steps});
  std::vector<std::vector<double>> envelopes;
  for (std::size_t k = 0; k < classes; ++k) {
    const PlantedBurst& burst = options.bursts[k];
    for (const std::size_t c : burst.channels) {
      for (std::size_t t = burst.begin; t < burst.end; ++t) task.mask(k, c, t) = 1.0f;
    }
    envelopes.push_back(burst_envelope(burst, steps));
  }

  LabeledData& data = task.data;
  data.inputs = xt::zeros<float>({n_count, std::size_t{1}, channels, steps});
  data.labels.resize(n_count);
  data.class_names = {"class 0", "class 1"};
  data.description = "synthetic signals (" + std::to_string(n_count) + " recordings, seed " +
                     std::to_string(options.seed) + ")";
  Rng rng(options.seed);
  std::normal_distribution<double> gaussian(0.0, options.noise);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (std::size_t n = 0; n < n_count; ++n) {
    const auto k = static_cast<int>(n % classes);
    data.labels[n] = k;
    const PlantedBurst& burst = options.bursts[static_cast<std::size_t>(k)];
    const double background = 2.0 * options.burst_amplitude * unit(rng);
    const double background_phase = 2.0 * kPi * unit(rng);
    const double amplitude = options.burst_amplitude * (0.75 + 0.5 * unit(rng));
    float* sample = data.inputs.data() + n * channels * steps;
    for (std::size_t c = 0; c < channels; ++c) {
      const bool planted =
          std::find(burst.channels.begin(), burst.channels.end(), c) != burst.channels.end();
      const double phase = 2.0 * kPi * unit(rng);
      for (std::size_t t = 0; t < steps; ++t) {
        const auto time = static_cast<double>(t);
        double value = gaussian(rng) +
                       background * std::sin(2.0 * kPi * options.background_cycles_per_step * time +
                                             background_phase);
        if (planted && envelopes[static_cast<std::size_t>(k)][t] > 0.0) {
          value += amplitude * envelopes[static_cast<std::size_t>(k)][t] *
                   std::sin(2.0 * kPi * burst.cycles_per_step * time + phase);
        }
        sample[c * steps + t] = static_cast<float>(value);
      }
    }
  }
  return task;
}

double positive_share_inside(const float* relevance, const xt::xtensor<float, 2>& mask) {
  double inside = 0.0, total = 0.0;
  for (std::size_t i = 0; i < mask.size(); ++i) {
    const double positive = std::max(0.0, static_cast<double>(relevance[i]));
    inside += positive * mask.data()[i];
    total += positive;
  }
  return total > 0.0 ? inside / total : 0.0;
}

double precision_at_mask_size(const float* relevance, const xt::xtensor<float, 2>& mask) {
  const auto k = static_cast<std::size_t>(std::accumulate(mask.begin(), mask.end(), 0.0));
  if (k == 0) return 0.0;
  std::vector<std::size_t> order(mask.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  // Ties broken by position, so that a constant map does not pretend to find the mask.
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                    [&](std::size_t a, std::size_t b) {
                      return relevance[a] > relevance[b] || (relevance[a] == relevance[b] && a < b);
                    });
  std::size_t hits = 0;
  for (std::size_t i = 0; i < k; ++i) hits += mask.data()[order[i]] > 0.5f ? 1 : 0;
  return static_cast<double>(hits) / static_cast<double>(k);
}

}  // namespace glassbox
