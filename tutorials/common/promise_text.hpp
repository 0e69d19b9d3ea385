// The messages of TutorialRun::promise: printf-style text with the measured numbers in it, and the
// one promise every tutorial that trains a classifier makes, its test accuracy floor.
#pragma once

#include <cstdio>
#include <string>

#include "tutorials/common/tutorial_support.hpp"

namespace glassbox::tutorials {

// std::snprintf into a string of the right length.
template <typename... Values>
std::string formatted(const char* format, Values... values) {
  const int length = std::snprintf(nullptr, 0, format, values...);
  std::string text(static_cast<std::size_t>(length > 0 ? length : 0), '\0');
  std::snprintf(text.data(), text.size() + 1, format, values...);
  return text;
}

// "<model>: test accuracy 98.19% >= 97.5%", kept or broken. `floor` is the full or quick run's
// (TutorialRun::choose), as the page states them.
inline void promise_test_accuracy(const TutorialRun& run, const std::string& model, double accuracy,
                                  double floor) {
  run.promise(accuracy >= floor, formatted("%s: test accuracy %.2f%% >= %.1f%%", model.c_str(),
                                           100.0 * accuracy, 100.0 * floor));
}

}  // namespace glassbox::tutorials
