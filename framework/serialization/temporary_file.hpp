// The temporary file atomic_write writes before renaming it over its target, and the promise that
// it does not outlive the process, whichever way the process ends.
//
// A temporary file is `target` + ".tmp-XXXXXX" (mkstemp fills in the X's), beside its target so
// that the rename stays on one filesystem. It is removed
//   - by its destructor, when the write fails or throws (unless it was renamed: release());
//   - by a signal handler, when SIGINT, SIGTERM or SIGHUP ends the process meanwhile: while a
//     temporary file exists, those of the three whose action is the default one (to end the
//     process) get a handler that removes every live temporary file, says which file was left as
//     it was, and then ends the process with the same signal. Signals a program handles itself
//     keep their handlers; StopOnInterrupt (framework/training/stop_request.hpp) removes the
//     files itself when a second Ctrl-C ends the process;
//   - at exit(), should the program exit while one lives.
// The file is created and registered with those signals blocked, so no signal can fall between.
//
// Live temporary files are kept in a fixed table (16 at a time, paths below 4096 bytes) that the
// signal handler reads without locks or allocation. SIGKILL and power loss cannot be caught; the
// target is then still whole (that is what the rename is for), and a stray temporary file may
// remain.
#pragma once

#include <string>

namespace glassbox {

class TemporaryFile {
 public:
  // Creates the file (mode 0600, open for writing). FileError naming `target` when it cannot.
  explicit TemporaryFile(const std::string& target);
  // Closes the file if open, and removes it unless released.
  ~TemporaryFile();
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  const std::string& path() const { return path_; }
  int descriptor() const { return descriptor_; }
  // Closes the descriptor; returns close()'s result (errno is set on failure).
  int close();
  // The file has been renamed over its target: nothing is left to remove.
  void release();

 private:
  std::string path_;
  int descriptor_ = -1;
  int slot_ = -1;  // its entry in the table of live temporary files, or −1
};

// Removes every live temporary file and, when `report`, says on stderr for each that its target
// was left as it was. Async-signal-safe (unlink, write and atomic loads only), for signal handlers
// that end the process; returns how many it removed.
int remove_temporary_files(bool report);

// For a signal handler that ends the process: removes the live temporary files (saying so), puts
// the default action of `signal_number` back and raises it, so that the process ends by that
// signal, as the parent expects, once the handler returns. Async-signal-safe.
void end_by_signal(int signal_number);

}  // namespace glassbox
