// scripts/main_job.sh on a machine without the data: it must say so within seconds, before it
// configures or builds anything (it used to build for minutes first).
//
// Runs the script with GLASSBOX_DATA pointing where no folder can be created (under /proc), so
// that fetch_data.sh fails at once, without touching the network. The tests run from the
// repository root (meson's workdir).
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

struct Outcome {
  int status = -1;
  std::string output;  // stdout and stderr together
};

Outcome run(const std::string& command) {
  Outcome outcome;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe)) outcome.output += buffer;
  const int status = pclose(pipe);
  outcome.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

}  // namespace

TEST_CASE("main_job.sh without the data fails fast, before building anything") {
  const auto start = std::chrono::steady_clock::now();
  const Outcome outcome = run("GLASSBOX_DATA=/proc/self/glassbox-no-data bash scripts/main_job.sh");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CAPTURE(outcome.output);
  CHECK(outcome.status == 1);
  CHECK(outcome.output.find("MNIST is not in /proc/self/glassbox-no-data/mnist") !=
        std::string::npos);
  CHECK(outcome.output.find("nothing was built") != std::string::npos);
  // Neither meson nor ninja ran.
  CHECK(outcome.output.find("ninja") == std::string::npos);
  CHECK(outcome.output.find("The Meson build system") == std::string::npos);
  CHECK(seconds < 60);
}
