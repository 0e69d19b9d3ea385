// What every tutorial program does besides its lesson: read its command line (`--quick`, the output
// folder), load MNIST, train a small model quickly, pick examples, check the numbers its page
// promises, and report errors as one line (tutorials/README.md, "Conventions").
//
// Shapes: MNIST images N×1×28×28 in [0, 1]; labels N.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "framework/dataset.hpp"
#include "framework/errors.hpp"
#include "framework/sequential.hpp"

namespace glassbox::tutorials {

// One run of a tutorial program: `tutorial-NN [--quick] [OUTPUT_FOLDER]`. The full run makes the
// page's figures and numbers; `--quick` does the same on a small subset (under a minute) and writes
// the same files, for the test suite.
class TutorialRun {
 public:
  // `name` is the tutorial's folder, e.g. "01_first_network": the default output folder is
  // out/tutorials/<name>/. Throws ArgumentError for an unknown option.
  TutorialRun(int argc, char** argv, const std::string& name);

  bool quick() const { return quick_; }
  // The output folder, created if missing, with a trailing '/'.
  const std::string& folder() const { return folder_; }
  // `full` in a full run, `quick` in a quick one: sizes, epochs, and the floors that go with them.
  template <typename T>
  T choose(T full, T quick) const {
    return quick_ ? quick : full;
  }
  // A number the page states must hold: prints "promise kept: <what>" or throws
  // PromiseBroken("<what>"), which ends the program with status 1.
  void promise(bool holds, const std::string& what) const;

 private:
  bool quick_ = false;
  std::string folder_;
};

struct PromiseBroken : Error {
  explicit PromiseBroken(const std::string& what) : Error("promise broken: " + what) {}
};

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

// The same for a lesson that takes its run: parses the command line first (a bad option is an
// error with status 1, like any other).
int run_tutorial(int argc, char** argv, const std::string& name,
                 const std::function<void(const TutorialRun&)>& lesson);

}  // namespace glassbox::tutorials
