// A one-line progress bar on stderr for long loops: done/total, rate, ETA and a few named values.
// It draws nothing when stderr is not a terminal (logs and CI stay clean).
#pragma once

#include <chrono>
#include <string>

namespace glassbox {

class ProgressBar {
 public:
  // `enabled` defaults to whether stderr is a terminal.
  ProgressBar(std::string label, std::size_t total, std::string unit);
  ProgressBar(std::string label, std::size_t total, std::string unit, bool enabled);

  // Redraws at most ~10 times a second; `details` is appended, e.g. "loss 0.231 acc 93.1%".
  void update(std::size_t done, const std::string& details);
  // Draws the final state and ends the line.
  void finish(const std::string& details);

  static bool stderr_is_terminal();

 private:
  void draw(std::size_t done, const std::string& details);

  std::string label_, unit_;
  std::size_t total_;
  bool enabled_;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace glassbox
