#include "framework/training/stop_request.hpp"

#include <atomic>
#include <csignal>

namespace glassbox {
namespace {

// Lock-free, hence safe to set from a signal handler (std::atomic<bool> is on every platform we
// build for; the static_assert says so if that ever changes).
std::atomic<bool> stop_flag{false};
static_assert(std::atomic<bool>::is_always_lock_free);

struct sigaction previous_action;

void on_interrupt(int) {
  request_stop();
}

}  // namespace

void request_stop() {
  stop_flag.store(true);
}

bool stop_requested() {
  return stop_flag.load();
}

void clear_stop_request() {
  stop_flag.store(false);
}

StopOnInterrupt::StopOnInterrupt() {
  clear_stop_request();
  struct sigaction action = {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  // SA_RESETHAND: the handler runs once, so the second Ctrl-C gets the default action (exit).
  action.sa_flags = SA_RESETHAND | SA_RESTART;
  sigaction(SIGINT, &action, &previous_action);
}

StopOnInterrupt::~StopOnInterrupt() {
  sigaction(SIGINT, &previous_action, nullptr);
  clear_stop_request();
}

}  // namespace glassbox
