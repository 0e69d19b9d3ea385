// A synthetic stand-in for EEG: two classes of multichannel recordings (think "imagined right-hand
// movement" and "imagined foot movement"), whose only difference is a burst of rhythmic activity
// planted in known channels during a known time window. Because we planted it, we know where the
// class information is: a ground-truth mask to score explanations against (tutorial 18).
//
// One sample, channel c, time step t (c < C, t < T):
//
//   x[c, t] = noise[c, t]                                       white, N(0, noise²)
//           + b · sin(2π f_b t + φ_b)                            a background rhythm in every
//                                                                channel, amplitude b ~ U(0, 2a)
//                                                                drawn per sample: no class in it
//           + m[k, c, t] · a · (1 + u) · sin(2π f_k t + φ_c)     the class-k burst, only inside
//                                                                the class's mask
//
// with a the burst amplitude, u ~ U(−0.25, 0.25) per sample, and random phases φ per sample (and
// per channel for the burst): the model cannot learn a waveform, only the power in a band at a
// place and time. m[k, c, t] is 1 for the planted channels of class k inside its time window, with
// the window's edges tapered by a Hann ramp so that the burst does not start with a step.
//
// Shapes: inputs N×1×C×T (one "image" per recording, C = 16 channels, T = 128 time steps); labels
// N in {0, 1}; mask K×C×T (K = 2), 1 inside the planted region of class k and 0 elsewhere.
#pragma once

#include <cstdint>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "framework/dataset.hpp"

namespace glassbox {

// Where one class's burst goes: channels, a time window [begin, end) and its frequency.
struct PlantedBurst {
  std::vector<std::size_t> channels;
  std::size_t begin = 0, end = 0;
  double cycles_per_step = 0.0;  // f_k, in cycles per time step (below 0.5: Nyquist)
};

struct SignalTaskOptions {
  std::size_t samples = 1000;                      // N, half of each class (class = n mod 2)
  std::size_t channels = 16;                       // C
  std::size_t time_steps = 128;                    // T
  double noise = 1.0;                              // σ of the white noise
  double burst_amplitude = 1.2;                    // a
  double background_cycles_per_step = 1.0 / 12.0;  // f_b
  // Class 0: channels 2–4 (the left side of tutorial 18's schematic head), steps [32, 72), 1/8
  // cycle per step; class 1: channels 7–9 (the back of the head), steps [64, 104), 1/5 cycle per
  // step.
  std::vector<PlantedBurst> bursts{{{2, 3, 4}, 32, 72, 1.0 / 8.0}, {{7, 8, 9}, 64, 104, 1.0 / 5.0}};
  std::uint64_t seed = 1;
};

struct SignalTask {
  LabeledData data;            // N×1×C×T, labels n mod 2, class names "class 0", "class 1"
  xt::xtensor<float, 3> mask;  // K×C×T ground truth: 1 where class k's burst was planted
};

// Draws the task. The same options give the same samples. Throws ArgumentError naming the option
// when a burst's channel or window lies outside C×T, a window is empty, a frequency is not in
// (0, 0.5), there are not exactly two bursts, or samples, channels or time steps is 0.
SignalTask make_signal_task(const SignalTaskOptions& options);

// The share of positive relevance that falls inside `mask` (C×T, 0/1): Σ max(R, 0)·m / Σ max(R, 0),
// for one relevance map R (C×T). 0 when R has no positive entry.
double positive_share_inside(const float* relevance, const xt::xtensor<float, 2>& mask);

// Precision at k = |mask|: of the |mask| cells with the largest relevance, the share inside the
// mask (1: the ranking puts the planted region first; mask area / (C·T) is what chance gives).
double precision_at_mask_size(const float* relevance, const xt::xtensor<float, 2>& mask);

}  // namespace glassbox
