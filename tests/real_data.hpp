// For tests on the real datasets: is the data there, and what to do when it is not.
//
// Without the data a test is skipped with a message saying where to put it, except under CI
// (CI=true), where missing data is a failure: CI must exercise the real loaders.
#pragma once

#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "datasets/data_directory.hpp"
#include "framework/errors.hpp"

namespace glassbox::testing {

inline bool running_in_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

// True when every file (relative to the data directory) is there; otherwise fails under CI and
// skips elsewhere.
inline bool data_available(std::initializer_list<const char*> relative_paths) {
  try {
    const std::string directory = find_data_directory();
    for (const char* path : relative_paths) data_file(directory, path);
    return true;
  } catch (const FileError& error) {
    if (running_in_ci()) {
      FAIL("this test needs the real data under CI: " << std::string(error.what()));
    } else {
      MESSAGE("skipped, no data: " << std::string(error.what()));
    }
    return false;
  }
}

inline bool mnist_available() {
  return data_available({"mnist/train-images-idx3-ubyte.gz", "mnist/train-labels-idx1-ubyte.gz",
                         "mnist/t10k-images-idx3-ubyte.gz", "mnist/t10k-labels-idx1-ubyte.gz"});
}

// Training on a whole real dataset takes minutes under the sanitizers, which find nothing there
// that the smaller tests do not reach. scripts/test_sanitizers.sh, as .ci/run calls it, sets
// GLASSBOX_SKIP_SLOW_TRAINING=1 to leave these runs to the normal build, which always has them.
inline bool slow_training_skipped() {
  const char* skip = std::getenv("GLASSBOX_SKIP_SLOW_TRAINING");
  if (skip == nullptr || std::string(skip) != "1") return false;
  MESSAGE("skipped: GLASSBOX_SKIP_SLOW_TRAINING=1 (the normal test run trains this)");
  return true;
}

}  // namespace glassbox::testing
