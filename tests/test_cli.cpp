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
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <xtensor/xbuilder.hpp>

#include "datasets/newsgroups/text_pipeline.hpp"
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

// A signal to send to the command while it runs: once `after_output` has appeared on its stdout,
// or, when that is empty, `after_milliseconds` after it started.
struct Interrupt {
  std::string after_output;
  int after_milliseconds = 0;
  int signal_number = SIGINT;
};

// Runs glassbox with `arguments` (no shell: they are passed as they are), stdout and stderr to
// files in `scratch`, sending `interrupt` if given.
Outcome run(const Scratch& scratch, const std::vector<std::string>& arguments,
            const std::optional<Interrupt>& interrupt = std::nullopt) {
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
  if (interrupt) {
    // Poll stdout until the text shows up, or the time has passed (or the child ends on its own).
    const auto start = std::chrono::steady_clock::now();
    while (!(ended = waitpid(child, &status, WNOHANG) == child)) {
      const bool due = interrupt->after_output.empty()
                           ? std::chrono::steady_clock::now() - start >=
                                 std::chrono::milliseconds(interrupt->after_milliseconds)
                           : read_text(out).find(interrupt->after_output) != std::string::npos;
      if (due) {
        kill(child, interrupt->signal_number);
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
std::string tiny_mnist_model(const Scratch& scratch, const Shape& input = {1, 28, 28},
                             const std::string& name = "tiny.json") {
  Sequential model = build_model("flatten,dense:10", input, 1);
  const std::string path = scratch.file(name);
  save_model(path, model, {{"dataset", "mnist"}});
  return path;
}

// A small, untrained 20 Newsgroups model over a vocabulary of 5 words (tf-idf): explains a text
// file with no data at all.
std::string tiny_text_model(const Scratch& scratch) {
  TextPipeline pipeline;
  pipeline.words = {"space", "orbit", "car", "engine", "god"};
  pipeline.idf = {1.0, 1.5, 2.0, 2.5, 3.0};
  Sequential model = build_model("dense:20", pipeline.sample_shape(), 1);
  const std::string path = scratch.file("text.json");
  save_model(path, model,
             {{"dataset", "20news"}, {"text_features", text_pipeline_to_json(pipeline)}});
  return path;
}

// The contract for a bad option value: one line on stderr, status 1 like every other error (the
// README's promise), naming the option and saying what it must be.
void check_option_refused(const Outcome& outcome, const std::string& option,
                          const std::string& allowed) {
  CAPTURE(outcome.err);
  CHECK(outcome.status == 1);
  CHECK(std::count(outcome.err.begin(), outcome.err.end(), '\n') == 1);
  CHECK(outcome.err.find(option + ": ") != std::string::npos);
  CHECK(outcome.err.find(allowed) != std::string::npos);
}

// The files in `scratch` other than the command's stdout and stderr.
std::vector<std::string> files_written(const Scratch& scratch) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(scratch.path)) {
    const std::string name = entry.path().filename().string();
    if (name != "stdout" && name != "stderr") names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
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
  // The other toolboxes' methods: a bad setting is one line naming it.
  check_one_line_error(
      run(scratch, {"explain", "--model", model, "--method", "integrated-gradients", "--baseline",
                    "grey", "--input", digit, "--out", scratch.file("h.png")}),
      "--baseline must be black or blur, got \"grey\"");
  check_one_line_error(
      run(scratch, {"explain", "--model", model, "--method", "occlusion", "--patch", "5", "--input",
                    digit, "--out", scratch.file("h.png")}),
      "occlusion: patches of 5×5 every 2 do not tile a 28×28 image");
  check_one_line_error(
      run(scratch, {"explain", "--model", model, "--method", "smoothgrad", "--smooth-over",
                    "smoothgrad", "--input", digit, "--out", scratch.file("h.png")}),
      "SmoothGrad cannot smooth itself");
  check_one_line_error(run(scratch, {"compare", "--model", model, "--methods", "lrp,magic", "--out",
                                     scratch.file("c.png")}),
                       "unknown explanation method \"magic\"");
  // And a good one runs.
  CHECK(run(scratch, {"explain", "--model", model, "--method", "integrated-gradients", "--steps",
                      "4", "--input", digit, "--out", scratch.file("ig.png")})
            .status == 0);
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

TEST_CASE(
    "Ctrl-C or SIGTERM during training saves a checkpoint; --resume ends with the same "
    "weights, Dropout inside Parallel included") {
  if (!testing::mnist_available()) return;
  Scratch scratch;
  // Small and quick, but with enough epochs that the interrupt lands while training. Dropout in a
  // Parallel branch and after it: its masks must be drawn again on resuming (issue 14).
  const std::vector<std::string> common = {
      "train",
      "--layers",
      "parallel(flatten,dense:16,relu,dropout:0.3|flatten,dense:16,relu),dropout:0.2,dense:10",
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
  ModelFile expected = load_model(scratch.file("reference.json"));

  for (const int signal_number : {SIGINT, SIGTERM}) {
    CAPTURE(signal_number);
    const std::string checkpoint = scratch.file("run.checkpoint");
    const std::string resumed_model = scratch.file("resumed.json");
    fs::remove(resumed_model);
    const Outcome interrupted =
        run(scratch, with({"--out", resumed_model, "--checkpoint", checkpoint}),
            Interrupt{"epoch  2/40", 0, signal_number});
    CAPTURE(interrupted.err);
    REQUIRE(interrupted.status == 130);
    CHECK(interrupted.err.find("checkpoint written to " + checkpoint) != std::string::npos);
    CHECK(interrupted.err.find("glassbox train --resume " + checkpoint) != std::string::npos);
    CHECK_FALSE(fs::exists(resumed_model));

    const Outcome resumed = run(scratch, {"train", "--resume", checkpoint});
    CAPTURE(resumed.err);
    REQUIRE(resumed.status == 0);
    CHECK(resumed.out.find("resuming from " + checkpoint) != std::string::npos);

    ModelFile got = load_model(resumed_model);
    const auto a = expected.model.parameters(), b = got.model.parameters();
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) CHECK(*a[i].value == *b[i].value);
    CHECK(got.metadata["history"].size() == 40);
  }
}

TEST_CASE("numeric options are read strictly and range-checked, naming the option and range") {
  Scratch scratch;
  const std::string model = tiny_mnist_model(scratch);
  // Each is refused before any data are read (the test needs none).
  const std::vector<std::vector<std::string>> train_cases = {
      {"--epochs", "-1", "a whole number from 1 to 100000"},
      {"--epochs", "0", "a whole number from 1 to 100000"},
      {"--epochs", "3x", "a whole number from 1 to 100000"},
      {"--batch", "0", "a whole number from 1 to 1048576"},
      {"--lr", "-0.5", "a number > 0"},
      {"--lr", "nan", "a number > 0"},
      {"--lr", "0.1.2", "a number > 0"},
      {"--momentum", "-2", "a number >= 0 and <= 1"},
      {"--weight-decay", "-1", "a number >= 0"},
      {"--seed", "-1", "a whole number from 0 to 18446744073709551615"},
      {"--seed", "0x10", "a whole number from 0"},
      {"--vocabulary-size", "0", "a whole number from 1"},
      {"--layers", "", "must not be empty"},
      {"--out", "", "must not be empty"}};
  for (const auto& c : train_cases) {
    CAPTURE(c[0]);
    CAPTURE(c[1]);
    check_option_refused(run(scratch, {"train", c[0], c[1]}), c[0], c[2]);
  }
  const std::vector<std::vector<std::string>> explain_cases = {
      {"--class", "-2", "a whole number from 0"}, {"--epsilon", "nan", "a number >= 0"},
      {"--epsilon", "-1", "a number >= 0"},       {"--gamma", "nan", "a number >= 0"},
      {"--gamma", "inf", "a number >= 0"},        {"--count", "0", "a whole number from 1"},
      {"--out", "", "must not be empty"},         {"--npy", "", "must not be empty"},
      {"--steps", "0", "a whole number from 1"},  {"--samples", "0", "a whole number from 1"},
      {"--noise", "-1", "a number >= 0"},         {"--blur", "0", "a number > 0"},
      {"--patch", "0", "a whole number from 1"},  {"--stride", "x", "a whole number from 1"}};
  for (const auto& c : explain_cases) {
    CAPTURE(c[0]);
    CAPTURE(c[1]);
    check_option_refused(run(scratch, {"explain", "--model", model, c[0], c[1]}), c[0], c[2]);
  }
  check_option_refused(
      run(scratch, {"prototype", "--model", model, "--class", "3", "--step", "nan"}), "--step",
      "a number > 0");
  // What is in range still reads as before (the range is inclusive where it says so).
  check_one_line_error(run(scratch, {"explain", "--model", model, "--epsilon", "0", "--class", "10",
                                     "--input", scratch.file("absent.png")}),
                       "absent.png");
}

TEST_CASE("a text model refuses what is not a document; a picture must fit the model's kind") {
  Scratch scratch;
  const std::string text_model = tiny_text_model(scratch);
  auto explain_input = [&](const std::string& input) {
    return run(scratch, {"explain", "--model", text_model, "--input", input, "--out",
                         scratch.file("words.html")});
  };
  const std::string picture = scratch.file("digit.png");
  render::write_grey_png(picture, xt::zeros<float>({28, 28}));
  check_one_line_error(explain_input(picture), "a PNG image, not a text document");
  std::ofstream(scratch.file("empty.txt")).close();
  check_one_line_error(explain_input(scratch.file("empty.txt")), "empty.txt");
  std::ofstream(scratch.file("nul.txt"), std::ios::binary) << std::string("orbit\0space", 11);
  check_one_line_error(explain_input(scratch.file("nul.txt")), "nul.txt");
  std::ofstream(scratch.file("binary.txt"), std::ios::binary)
      << std::string("\x01\x02\x03\x04\x05orbit\x06\x07\x08", 13);
  check_one_line_error(explain_input(scratch.file("binary.txt")), "binary.txt");
  fs::create_directory(scratch.file("folder"));
  check_one_line_error(explain_input(scratch.file("folder")), "folder");
  CHECK_FALSE(fs::exists(scratch.file("words.html")));
  // A real document is explained.
  std::ofstream(scratch.file("note.txt")) << "the orbit of the space station\n";
  CHECK(explain_input(scratch.file("note.txt")).status == 0);

  // An image model given a picture of another size, or a text file as a picture.
  const std::string image_model = tiny_mnist_model(scratch);
  check_one_line_error(run(scratch, {"explain", "--model", image_model, "--input",
                                     scratch.file("note.txt"), "--out", scratch.file("h.png")}),
                       "note.txt");
}

TEST_CASE("outputs are checked before any work: inputs, missing folders, special files") {
  Scratch scratch;
  const std::string model = tiny_mnist_model(scratch);
  const std::string saved = read_text(model);
  check_one_line_error(run(scratch, {"explain", "--model", model, "--out", model}),
                       "writing it would destroy what is read");
  CHECK(read_text(model) == saved);
  const std::string picture = scratch.file("digit.png");
  render::write_grey_png(picture, xt::zeros<float>({28, 28}));
  check_one_line_error(
      run(scratch, {"explain", "--model", model, "--input", picture, "--out", scratch.file("h.png"),
                    "--npy", scratch.file("missing/x.npy")}),
      "missing/x.npy");
  CHECK_FALSE(fs::exists(scratch.file("h.png")));
  check_one_line_error(run(scratch, {"compare", "--model", model, "--out", scratch.path.string()}),
                       "folder");
  // Training: refused at once, before any data are loaded (the test needs none).
  const auto start = std::chrono::steady_clock::now();
  check_one_line_error(run(scratch, {"train", "--out", scratch.file("missing/m.json")}),
                       "missing/m.json");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  check_one_line_error(
      run(scratch, {"prototype", "--model", model, "--class", "3", "--density", model}),
      "writing it would destroy what is read");
  // /dev/null as an output (written directly, never replaced) is left to test_output_path.cpp:
  // run against a build without the fix, as root, this command would replace the device node.
}

TEST_CASE("a model that does not fit its dataset is refused at load, naming file and field") {
  Scratch scratch;
  const std::string model = tiny_mnist_model(scratch, {1, 14, 14}, "small.json");
  const Outcome outcome = run(scratch, {"explain", "--model", model, "--index", "0"});
  check_one_line_error(outcome, "small.json");
  CHECK(outcome.err.find("input_shape") != std::string::npos);
  check_one_line_error(run(scratch, {"evaluate", "--model", model}), "small.json (input_shape)");
}

TEST_CASE("Ctrl-C while the data are loading says so and leaves no file behind") {
  const bool text = testing::data_available({"20news/20news-bydate.tar.gz"});
  if (!text && !testing::mnist_available()) return;
  Scratch scratch;
  // 20 Newsgroups takes seconds to read; MNIST about a second.
  const Outcome outcome = run(
      scratch, {"train", "--preset", text ? "text-mlp" : "mlp", "--out", scratch.file("m.json")},
      Interrupt{"", text ? 1000 : 150, SIGINT});
  CAPTURE(outcome.err);
  CHECK(outcome.status == -SIGINT);
  CHECK(outcome.err.find("glassbox: interrupted by SIGINT") != std::string::npos);
  CHECK(files_written(scratch).empty());
}
