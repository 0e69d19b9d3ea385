#include "framework/training/stop_request.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

#include "framework/serialization/temporary_file.hpp"

namespace glassbox {
namespace {

// Lock-free, hence safe to set from a signal handler (std::atomic<bool> and <int> are on every
// platform we build for; the static_asserts say so if that ever changes).
std::atomic<bool> stop_flag{false};
std::atomic<int> stopping_signal{0};
static_assert(std::atomic<bool>::is_always_lock_free);
static_assert(std::atomic<int>::is_always_lock_free);

constexpr int stopping_signals[] = {SIGINT, SIGTERM};
struct sigaction previous_actions[2];

void on_stop_signal(int signal_number) {
  int expected = 0;
  if (stopping_signal.compare_exchange_strong(expected, signal_number)) {
    request_stop();
    return;
  }
  // The second signal: end now, as the default action would, but without leaving a temporary
  // file beside a checkpoint being written.
  const char message[] = "glassbox: stopping at once (second interrupt)\n";
  const ssize_t ignored = write(STDERR_FILENO, message, sizeof message - 1);
  (void)ignored;
  end_by_signal(signal_number);
}

void on_ending_signal(int signal_number) {
  const char* message = signal_number == SIGINT    ? "glassbox: interrupted by SIGINT"
                        : signal_number == SIGTERM ? "glassbox: interrupted by SIGTERM"
                                                   : "glassbox: interrupted by SIGHUP";
  const char ending[] = " before the command finished\n";
  ssize_t ignored = write(STDERR_FILENO, message, std::strlen(message));
  ignored = write(STDERR_FILENO, ending, sizeof ending - 1);
  (void)ignored;
  end_by_signal(signal_number);
}

}  // namespace

void report_interruptions() {
  struct sigaction action = {};
  action.sa_handler = on_ending_signal;
  sigemptyset(&action.sa_mask);
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&action.sa_mask, signal_number);
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction previous = {};
    sigaction(signal_number, nullptr, &previous);
    // A signal the parent told us to ignore (nohup, a shell's background job) stays ignored.
    if (previous.sa_handler != SIG_IGN) sigaction(signal_number, &action, nullptr);
  }
}

void request_stop() {
  stop_flag.store(true);
}

bool stop_requested() {
  return stop_flag.load();
}

void clear_stop_request() {
  stop_flag.store(false);
  stopping_signal.store(0);
}

int stop_signal() {
  return stopping_signal.load();
}

StopOnInterrupt::StopOnInterrupt() {
  clear_stop_request();
  struct sigaction action = {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  // Both signals are blocked while the handler runs, so two arriving together count in order.
  for (int signal_number : stopping_signals) sigaddset(&action.sa_mask, signal_number);
  action.sa_flags = SA_RESTART;
  for (int i = 0; i < 2; ++i) sigaction(stopping_signals[i], &action, &previous_actions[i]);
}

StopOnInterrupt::~StopOnInterrupt() {
  for (int i = 0; i < 2; ++i) sigaction(stopping_signals[i], &previous_actions[i], nullptr);
  clear_stop_request();
}

}  // namespace glassbox
