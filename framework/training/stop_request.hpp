// A request to stop training at the next batch boundary, so that an interrupted run can be saved
// and resumed (checkpoint.hpp) instead of lost.
//
// The request is one process-wide flag. The SIGINT handler that stop_on_interrupt installs sets it,
// and so may anything else (tests call request_stop); the training loop reads it between batches.
#pragma once

namespace glassbox {

// Sets the flag. Async-signal-safe: it only stores to a lock-free atomic.
void request_stop();
bool stop_requested();
void clear_stop_request();

// While an instance lives, Ctrl-C (SIGINT) requests a stop instead of killing the process; a
// second Ctrl-C kills it as usual, for when the current batch takes too long. The destructor
// puts the previous handler back and clears the flag.
class StopOnInterrupt {
 public:
  StopOnInterrupt();
  ~StopOnInterrupt();
  StopOnInterrupt(const StopOnInterrupt&) = delete;
  StopOnInterrupt& operator=(const StopOnInterrupt&) = delete;
};

}  // namespace glassbox
