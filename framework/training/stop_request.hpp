// A request to stop training at the next batch boundary, so that an interrupted run can be saved
// and resumed (checkpoint.hpp) instead of lost.
//
// The request is one process-wide flag. The SIGINT and SIGTERM handler that StopOnInterrupt
// installs sets it, and so may anything else (tests call request_stop); the training loop reads
// it between batches.
#pragma once

namespace glassbox {

// Sets the flag. Async-signal-safe: it only stores to a lock-free atomic.
void request_stop();
bool stop_requested();
void clear_stop_request();

// The signal that requested the stop (SIGINT, SIGTERM), or 0 when none did.
int stop_signal();

// While an instance lives, Ctrl-C (SIGINT) and SIGTERM (what `kill`, systemd and batch systems
// send) request a stop instead of ending the process, so that the run can finish its batch and
// write a checkpoint. A second signal of either kind ends the process at once, for when the
// batch or the checkpoint takes too long: it removes the temporary files of writes in progress
// (temporary_file.hpp), says so, and ends the process with that signal. The destructor puts the
// previous handlers back and clears the flag.
class StopOnInterrupt {
 public:
  StopOnInterrupt();
  ~StopOnInterrupt();
  StopOnInterrupt(const StopOnInterrupt&) = delete;
  StopOnInterrupt& operator=(const StopOnInterrupt&) = delete;
};

// For a whole command, from its start: SIGINT, SIGTERM and SIGHUP still end the process as they
// would by default, but first say so on stderr ("glassbox: interrupted by SIGINT before the
// command finished"), so that Ctrl-C while data are loading is never silent, and remove the
// temporary files of writes in progress (end_by_signal in temporary_file.hpp). StopOnInterrupt
// takes SIGINT and SIGTERM over while it lives and puts these handlers back afterwards.
void report_interruptions();

}  // namespace glassbox
