// What every tutorial program does besides its lesson: find the output folder, load MNIST, train a
// small model quickly, pick examples, and report errors as one line.
//
// Shapes: MNIST images N×1×28×28 in [0, 1]; labels N.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "framework/dataset.hpp"
#include "framework/sequential.hpp"

namespace glassbox::tutorials {

// argv[1] if given, else out/tutorials/<name>; created if missing. Returns it with a trailing '/'.
std::string output_folder(int argc, char** argv, const std::string& name);

// The first `train_size` training images and the whole test split.
struct Mnist {
  LabeledData train, test;
};
Mnist load_mnist_for_tutorial(std::size_t train_size);

// Builds the layer spec (framework/model_spec.hpp) with seed 1 and trains it with SGD (lr 0.05,
// momentum 0.9, batch 64) for `epochs`, printing one line per epoch and the test accuracy.
Sequential train_on_mnist(const std::string& spec, const Mnist& data, int epochs);

// Test images: the first one of each digit 0, 1, …, up to `count` digits (count ≤ 10).
LabeledData one_per_digit(const LabeledData& test, std::size_t count);

// The exit status meson test reads as "skipped".
inline constexpr int kSkipped = 77;

// Runs `lesson`, printing a glassbox::Error as one line (exit status 1) instead of aborting. With
// GLASSBOX_TUTORIAL_TEST=1 (set by meson test) and no data directory, returns kSkipped instead,
// unless CI=true.
int run_tutorial(const std::function<void()>& lesson);

}  // namespace glassbox::tutorials
