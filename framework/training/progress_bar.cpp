#include "framework/training/progress_bar.hpp"

#include <unistd.h>

#include <cstdio>

namespace glassbox {

ProgressBar::ProgressBar(std::string label, std::size_t total, std::string unit)
    : ProgressBar(std::move(label), total, std::move(unit), stderr_is_terminal()) {}

ProgressBar::ProgressBar(std::string label, std::size_t total, std::string unit, bool enabled)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_(total),
      enabled_(enabled),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

bool ProgressBar::stderr_is_terminal() {
  return isatty(STDERR_FILENO) == 1;
}

void ProgressBar::update(std::size_t done, const std::string& details) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100) && done < total_) return;
  last_draw_ = now;
  draw(done, details);
}

void ProgressBar::finish(const std::string& details) {
  if (!enabled_) return;
  draw(total_, details);
  std::fputc('\n', stderr);
}

void ProgressBar::draw(std::size_t done, const std::string& details) {
  constexpr int width = 24;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double fraction = total_ ? static_cast<double>(done) / total_ : 1.0;
  const double rate = seconds > 0 ? done / seconds : 0.0;
  const double eta = rate > 0 ? (total_ - done) / rate : 0.0;
  char bar[width + 1];
  const int filled = static_cast<int>(fraction * width);
  for (int i = 0; i < width; ++i) bar[i] = i < filled ? '#' : '.';
  bar[width] = '\0';
  std::fprintf(stderr, "\r%s [%s] %zu/%zu  %.0f %s/s  ETA %.0fs  %s\033[K", label_.c_str(), bar,
               done, total_, rate, unit_.c_str(), eta, details.c_str());
  std::fflush(stderr);
}

}  // namespace glassbox
