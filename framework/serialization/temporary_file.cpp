#include "framework/serialization/temporary_file.hpp"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>

#include "framework/errors.hpp"

namespace glassbox {
namespace {

// The table of live temporary files. A slot goes free → filling (its path being copied in) →
// live → free; the signal handler only reads live slots.
constexpr int slot_count = 16;
constexpr std::size_t path_capacity = 4096;
enum SlotState : int { free_slot = 0, filling = 1, live = 2 };

struct Slot {
  std::atomic<int> state{free_slot};
  char path[path_capacity];
};
Slot slots[slot_count];
static_assert(std::atomic<int>::is_always_lock_free);

// The signals that end a program by default and that a user or a system sends to stop it.
constexpr int cleaned_signals[] = {SIGINT, SIGTERM, SIGHUP};
constexpr int cleaned_signal_count = sizeof cleaned_signals / sizeof cleaned_signals[0];

// Guards the count of live files and the handlers installed for them (never taken in a handler).
std::mutex installation;
int live_files = 0;
struct sigaction replaced[cleaned_signal_count];
bool installed[cleaned_signal_count] = {};

void write_error(const char* text) {
  const ssize_t ignored = write(STDERR_FILENO, text, std::strlen(text));
  (void)ignored;
}

void remove_at_exit() {
  remove_temporary_files(false);
}

// First live file: the signals whose action is the default one get end_by_signal.
void install_handlers() {
  static std::once_flag at_exit;
  std::call_once(at_exit, [] { std::atexit(remove_at_exit); });
  for (int i = 0; i < cleaned_signal_count; ++i) {
    struct sigaction current;
    if (sigaction(cleaned_signals[i], nullptr, &current) != 0) continue;
    if (current.sa_handler != SIG_DFL || (current.sa_flags & SA_SIGINFO)) continue;
    struct sigaction action = {};
    action.sa_handler = end_by_signal;
    sigemptyset(&action.sa_mask);
    for (int signal_number : cleaned_signals) sigaddset(&action.sa_mask, signal_number);
    installed[i] = sigaction(cleaned_signals[i], &action, &replaced[i]) == 0;
  }
}

// Last live file gone: put back what install_handlers replaced, unless someone has since put
// their own handler in its place.
void restore_handlers() {
  for (int i = 0; i < cleaned_signal_count; ++i) {
    if (!installed[i]) continue;
    installed[i] = false;
    struct sigaction current;
    if (sigaction(cleaned_signals[i], nullptr, &current) != 0) continue;
    if (current.sa_handler == end_by_signal) sigaction(cleaned_signals[i], &replaced[i], nullptr);
  }
}

// Blocks the cleaned signals while it lives, so that creating and registering a file happen as
// one step as far as they are concerned.
class BlockedSignals {
 public:
  BlockedSignals() {
    sigset_t blocked;
    sigemptyset(&blocked);
    for (int signal_number : cleaned_signals) sigaddset(&blocked, signal_number);
    pthread_sigmask(SIG_BLOCK, &blocked, &previous_);
  }
  ~BlockedSignals() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }

 private:
  sigset_t previous_;
};

// Takes a free slot for `path`; −1 when the table is full or the path too long (the file then
// simply is not cleaned up by a signal).
int register_path(const std::string& path) {
  if (path.size() >= path_capacity) return -1;
  for (int i = 0; i < slot_count; ++i) {
    int expected = free_slot;
    if (!slots[i].state.compare_exchange_strong(expected, filling)) continue;
    std::memcpy(slots[i].path, path.c_str(), path.size() + 1);
    slots[i].state.store(live, std::memory_order_release);
    return i;
  }
  return -1;
}

}  // namespace

TemporaryFile::TemporaryFile(const std::string& target) : path_(target + ".tmp-XXXXXX") {
  const BlockedSignals blocked;
  descriptor_ = mkstemp(path_.data());
  if (descriptor_ < 0) {
    throw FileError(
        target, std::string("cannot create a temporary file beside it: ") + std::strerror(errno));
  }
  slot_ = register_path(path_);
  const std::lock_guard<std::mutex> lock(installation);
  if (live_files++ == 0) install_handlers();
}

int TemporaryFile::close() {
  const int result = ::close(descriptor_);
  descriptor_ = -1;
  return result;
}

void TemporaryFile::release() {
  if (slot_ >= 0) slots[slot_].state.store(free_slot, std::memory_order_release);
  slot_ = -1;
  path_.clear();
}

TemporaryFile::~TemporaryFile() {
  if (descriptor_ >= 0) ::close(descriptor_);
  if (!path_.empty()) unlink(path_.c_str());
  release();
  const std::lock_guard<std::mutex> lock(installation);
  if (--live_files == 0) restore_handlers();
}

int remove_temporary_files(bool report) {
  int removed = 0;
  for (Slot& slot : slots) {
    if (slot.state.load(std::memory_order_acquire) != live) continue;
    if (unlink(slot.path) != 0) continue;
    ++removed;
    if (!report) continue;
    // The target's name is the temporary file's without its ".tmp-XXXXXX".
    const std::size_t length = std::strlen(slot.path);
    const std::size_t suffix = sizeof ".tmp-XXXXXX" - 1;
    write_error("glassbox: interrupted while writing ");
    const ssize_t ignored = write(STDERR_FILENO, slot.path, length > suffix ? length - suffix : 0);
    (void)ignored;
    write_error("; it is left as it was\n");
  }
  return removed;
}

void end_by_signal(int signal_number) {
  remove_temporary_files(true);
  struct sigaction default_action = {};
  default_action.sa_handler = SIG_DFL;
  sigemptyset(&default_action.sa_mask);
  sigaction(signal_number, &default_action, nullptr);
  raise(signal_number);  // pending while the handler runs; ends the process when it returns
}

}  // namespace glassbox
