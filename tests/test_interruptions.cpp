// Signals: SIGTERM stops training like Ctrl-C (framework/training/stop_request.hpp), a second
// signal ends the process at once, and no temporary file of a write in progress outlives the
// process, however it ends (framework/serialization/temporary_file.hpp). Each case runs in a
// child process, since most of them end it.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "framework/serialization/atomic_write.hpp"
#include "framework/serialization/temporary_file.hpp"
#include "framework/training/stop_request.hpp"
#include "scratch_folder.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_interruptions {

namespace fs = std::filesystem;
using namespace glassbox;

namespace {

using Scratch = testing::ScratchFolder;

struct Ending {
  int status = 0;  // the exit status, or minus the signal that ended the child
  std::string err;
};

std::string read_text(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// Runs `body` in a child process with stderr going to a file; `parent` (if any) runs meanwhile
// in this process with the child's pid. The child exits 0 when `body` returns.
Ending in_child(const Scratch& scratch, const std::function<void()>& body,
                const std::function<void(pid_t)>& parent = {}) {
  const std::string err = scratch.file("stderr");
  std::fflush(nullptr);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // As glassbox starts: the default action for each signal (doctest catches them to report
    // crashes, and the child must not inherit that).
    for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) signal(signal_number, SIG_DFL);
    if (!std::freopen(err.c_str(), "w", stderr)) _exit(127);
    body();
    std::fflush(stderr);
    _exit(0);
  }
  if (parent) parent(child);
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  Ending ending;
  ending.status = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  ending.err = read_text(err);
  fs::remove(err);
  return ending;
}

}  // namespace

TEST_CASE("SIGTERM requests a stop as Ctrl-C does, and says which signal it was") {
  Scratch scratch;
  for (int signal_number : {SIGINT, SIGTERM}) {
    CAPTURE(signal_number);
    const Ending ending = in_child(scratch, [signal_number] {
      const StopOnInterrupt stop_on_interrupt;
      raise(signal_number);
      // Still alive: the loop would finish its batch and write a checkpoint here.
      if (!stop_requested() || stop_signal() != signal_number) _exit(2);
    });
    CHECK(ending.status == 0);
  }
}

TEST_CASE("a second signal ends the process at once and removes the temporary file") {
  Scratch scratch;
  const std::string target = scratch.file("run.checkpoint");
  const Ending ending = in_child(scratch, [&] {
    const StopOnInterrupt stop_on_interrupt;
    raise(SIGINT);                  // finish the batch, write the checkpoint ...
    TemporaryFile writing(target);  // ... which is being written when
    raise(SIGTERM);                 // the second signal comes
    _exit(3);                       // not reached
  });
  CHECK(ending.status == -SIGTERM);
  CHECK(ending.err.find("stopping at once") != std::string::npos);
  CHECK(ending.err.find("interrupted while writing " + target + "; it is left as it was") !=
        std::string::npos);
  CHECK(scratch.entries().empty());
}

TEST_CASE("a signal that ends the process while a file is written removes its temporary file") {
  Scratch scratch;
  const std::string target = scratch.file("figure.png");
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
    CAPTURE(signal_number);
    const Ending ending = in_child(scratch, [&] {
      TemporaryFile writing(target);
      raise(signal_number);
      _exit(3);
    });
    CHECK(ending.status == -signal_number);  // ended by the signal, as it would have been
    CHECK(ending.err.find("interrupted while writing " + target) != std::string::npos);
    CHECK(scratch.entries().empty());
  }
}

TEST_CASE("the handlers go back to what they were once no temporary file is left") {
  struct sigaction before;
  REQUIRE(sigaction(SIGTERM, nullptr, &before) == 0);
  Scratch scratch;
  {
    TemporaryFile first(scratch.file("a"));
    TemporaryFile second(scratch.file("b"));
  }
  struct sigaction after;
  REQUIRE(sigaction(SIGTERM, nullptr, &after) == 0);
  CHECK((after.sa_handler == before.sa_handler));
  CHECK(scratch.entries().empty());
}

TEST_CASE("exit() while a temporary file exists removes it") {
  Scratch scratch;
  const Ending ending = in_child(scratch, [&] {
    new TemporaryFile(scratch.file("model.json"));  // never destroyed: exit() skips destructors
    std::exit(0);
  });
  CHECK(ending.status == 0);
  CHECK(scratch.entries().empty());
}

TEST_CASE("SIGTERM in the middle of atomic_write leaves the old file and no temporary file") {
  Scratch scratch;
  const std::string target = scratch.file("model.json");
  { std::ofstream(target) << "old contents"; }
  // 64 MB take long enough to write and sync that the parent sees the temporary file appear.
  const std::string contents(std::size_t{64} << 20, 'x');
  bool caught_in_the_act = false;
  const Ending ending = in_child(
      scratch, [&] { atomic_write(target, contents); },
      [&](pid_t child) {
        for (int poll = 0; poll < 20000 && !caught_in_the_act; ++poll) {
          for (const std::string& name : scratch.entries()) {
            if (name.rfind("model.json.tmp-", 0) == 0) caught_in_the_act = true;
          }
          if (!caught_in_the_act) usleep(100);
        }
        kill(child, SIGTERM);
      });
  if (!caught_in_the_act || ending.status == 0) {
    MESSAGE("the write finished before the signal; nothing to check this time");
    return;
  }
  CHECK(ending.status == -SIGTERM);
  CHECK(read_text(target) == "old contents");
  CHECK(scratch.entries() == std::vector<std::string>{"model.json"});
}

}  // namespace test_interruptions
