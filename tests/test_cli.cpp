// The `glassbox` command on bad input: every mistake is one line on stderr naming the file or
// argument and the problem, exit status 1, never a crash; and Ctrl-C during training saves a
// checkpoint from which `--resume` ends with the same weights as an uninterrupted run.
//
// The tests run the built executable, whose path meson passes in GLASSBOX_EXECUTABLE.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <xtensor/xbuilder.hpp>

#include "explain/render/png.hpp"
#include "framework/model_spec.hpp"
#include "framework/serialization/model_file.hpp"
#include "real_data.hpp"

namespace fs = std::filesystem;
using namespace glassbox;

namespace {

struct Outcome {
  int status = 0;  // the exit status, or minus the number of the signal that ended the process
  std::string out, err;
};

std::string read_text(const fs::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// A scratch folder for one test case, removed afterwards.
struct Scratch {
  fs::path path;
  Scratch() {
    std::string name = (fs::temp_directory_path() / "glassbox_test_cli.XXXXXX").string();
    REQUIRE(mkdtemp(name.data()) != nullptr);
    path = name;
  }
  ~Scratch() { fs::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

std::string executable() {
  const char* path = std::getenv("GLASSBOX_EXECUTABLE");
  REQUIRE_MESSAGE(path != nullptr, "GLASSBOX_EXECUTABLE must name the glassbox command");
  return path;
}

// Runs glassbox with `arguments` (no shell: they are passed as they are), stdout and stderr to
// files in `scratch`. When `interrupt_after` is not empty, sends SIGINT once that text has
// appeared on stdout.
Outcome run(const Scratch& scratch, const std::vector<std::string>& arguments,
            const std::string& interrupt_after = "") {
  const std::string out = scratch.file("stdout"), err = scratch.file("stderr");
  // The previous run's output must not be mistaken for this one's.
  fs::remove(out);
  fs::remove(err);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    if (!std::freopen(out.c_str(), "w", stdout) || !std::freopen(err.c_str(), "w", stderr)) {
      _exit(127);
    }
    std::vector<char*> argv;
    const std::string program = executable();
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  bool ended = false;
  if (!interrupt_after.empty()) {
    // Poll stdout until the text shows up (or the child ends on its own).
    while (!(ended = waitpid(child, &status, WNOHANG) == child)) {
      if (read_text(out).find(interrupt_after) != std::string::npos) {
        kill(child, SIGINT);
        break;
      }
      usleep(2000);
    }
  }
  if (!ended) REQUIRE(waitpid(child, &status, 0) == child);
  Outcome outcome;
  outcome.status = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  outcome.out = read_text(out);
  outcome.err = read_text(err);
  return outcome;
}

// The contract for a user's mistake: status 1 and exactly one line on stderr, which mentions
// `expected`.
void check_one_line_error(const Outcome& outcome, const std::string& expected) {
  CAPTURE(outcome.err);
  CHECK(outcome.status == 1);
  CHECK(outcome.err.rfind("glassbox: error: ", 0) == 0);
  CHECK(std::count(outcome.err.begin(), outcome.err.end(), '\n') == 1);
  CHECK(outcome.err.find(expected) != std::string::npos);
}

// A small, untrained MNIST model file: enough for every check that comes before the data.
std::string tiny_mnist_model(const Scratch& scratch) {
  Sequential model = build_model("flatten,dense:10", {1, 28, 28}, 1);
  const std::string path = scratch.file("tiny.json");
  save_model(path, model, {{"dataset", "mnist"}});
  return path;
}

}  // namespace

TEST_CASE("unreadable and corrupt model files") {
  Scratch scratch;
  check_one_line_error(run(scratch, {"evaluate", "--model", scratch.file("absent.json")}),
                       "absent.json: cannot open: No such file");
  std::ofstream(scratch.file("broken.json")) << "{\"format\": \"glassbox-model\", \"vers";
  check_one_line_error(run(scratch, {"explain", "--model", scratch.file("broken.json")}),
                       "not valid JSON");
  check_one_line_error(run(scratch, {"evaluate", "--model", scratch.path.string()}),
                       scratch.path.string());
}

TEST_CASE("explain: unknown method, class out of range, images of the wrong size") {
  Scratch scratch;
  const std::string model = tiny_mnist_model(scratch);
  const std::string digit = scratch.file("digit.png"), small = scratch.file("small.png");
  render::write_grey_png(digit, xt::zeros<float>({28, 28}));
  render::write_grey_png(small, xt::zeros<float>({10, 12}));

  const Outcome unknown = run(scratch, {"explain", "--model", model, "--method", "magic", "--input",
                                        digit, "--out", scratch.file("h.png")});
  CHECK(unknown.status > 0);  // an error, not a crash
  CHECK(unknown.err.find("magic") != std::string::npos);

  check_one_line_error(run(scratch, {"explain", "--model", model, "--input", digit, "--class", "12",
                                     "--out", scratch.file("h.png")}),
                       "--class 12 is out of range");
  check_one_line_error(
      run(scratch, {"explain", "--model", model, "--input", small, "--out", scratch.file("h.png")}),
      "small.png");
  check_one_line_error(run(scratch, {"explain", "--model", model, "--input",
                                     scratch.file("absent.png"), "--out", scratch.file("h.png")}),
                       "absent.png");
}

TEST_CASE("explain: an index past the dataset") {
  if (!testing::mnist_available()) return;
  Scratch scratch;
  const std::string model = tiny_mnist_model(scratch);
  check_one_line_error(run(scratch, {"explain", "--model", model, "--index", "10000", "--out",
                                     scratch.file("h.png")}),
                       "goes past the test split, which has 10000 images");
}

TEST_CASE("train: bad options fail before any data is loaded") {
  Scratch scratch;
  check_one_line_error(run(scratch, {"train", "--optimizer", "rmsprop"}), "unknown optimizer");
  check_one_line_error(run(scratch, {"train", "--schedule", "sometimes"}),
                       "unknown learning-rate schedule");
  check_one_line_error(run(scratch, {"train", "--preset", "huge"}), "huge");
  check_one_line_error(run(scratch, {"train", "--resume", scratch.file("absent.checkpoint")}),
                       "absent.checkpoint: cannot open");
  std::ofstream(scratch.file("model.checkpoint")) << "{}";
  check_one_line_error(
      run(scratch, {"train", "--resume", scratch.file("model.checkpoint"), "--epochs", "3"}),
      "--epochs cannot be changed");
  check_one_line_error(run(scratch, {"train", "--resume", scratch.file("model.checkpoint")}),
                       "missing key \"format\"");
}

TEST_CASE("train: a layer spec that does not chain") {
  if (!testing::mnist_available()) return;
  Scratch scratch;
  check_one_line_error(
      run(scratch, {"train", "--layers", "flatten,dense:10,conv:4:3", "--train-size", "100",
                    "--validation-size", "0", "--out", scratch.file("m.json")}),
      "conv");
}

TEST_CASE("Ctrl-C during training saves a checkpoint; --resume ends with the same weights") {
  if (!testing::mnist_available()) return;
  Scratch scratch;
  // Small and quick, but with enough epochs that the interrupt lands while training.
  const std::vector<std::string> common = {"train",
                                           "--layers",
                                           "flatten,dense:32,relu,dense:10",
                                           "--train-size",
                                           "1000",
                                           "--validation-size",
                                           "0",
                                           "--epochs",
                                           "40",
                                           "--batch",
                                           "50",
                                           "--seed",
                                           "3"};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> arguments = common;
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return arguments;
  };
  const Outcome reference = run(scratch, with({"--out", scratch.file("reference.json")}));
  REQUIRE(reference.status == 0);

  const std::string checkpoint = scratch.file("run.checkpoint");
  const Outcome interrupted =
      run(scratch, with({"--out", scratch.file("resumed.json"), "--checkpoint", checkpoint}),
          "epoch  2/40");
  CAPTURE(interrupted.err);
  REQUIRE(interrupted.status == 130);
  CHECK(interrupted.err.find("checkpoint written to " + checkpoint) != std::string::npos);
  CHECK(interrupted.err.find("glassbox train --resume " + checkpoint) != std::string::npos);
  CHECK_FALSE(fs::exists(scratch.file("resumed.json")));

  const Outcome resumed = run(scratch, {"train", "--resume", checkpoint});
  CAPTURE(resumed.err);
  REQUIRE(resumed.status == 0);
  CHECK(resumed.out.find("resuming from " + checkpoint) != std::string::npos);

  ModelFile expected = load_model(scratch.file("reference.json"));
  ModelFile got = load_model(scratch.file("resumed.json"));
  const auto a = expected.model.parameters(), b = got.model.parameters();
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) CHECK(*a[i].value == *b[i].value);
  CHECK(got.metadata["history"].size() == 40);
}
