// Output paths (framework/serialization/output_path.hpp) are checked before any work, and
// atomic_write (atomic_write.hpp) writes character devices directly instead of replacing the
// device node, and refuses other special files.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "framework/errors.hpp"
#include "framework/serialization/atomic_write.hpp"
#include "framework/serialization/output_path.hpp"
#include "scratch_folder.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_output_path {

namespace fs = std::filesystem;
using namespace glassbox;

namespace {

using Scratch = testing::ScratchFolder;

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// check_output_paths must fail with a FileError for `output` whose message mentions `problem`.
void check_refused(const std::vector<std::string>& outputs, const std::vector<std::string>& inputs,
                   const std::string& output, const std::string& problem) {
  CAPTURE(output);
  try {
    check_output_paths(outputs, inputs);
    FAIL("accepted");
  } catch (const FileError& error) {
    CHECK(error.file() == output);
    CHECK_MESSAGE(std::string(error.what()).find(problem) != std::string::npos, error.what());
  }
}

}  // namespace

TEST_CASE("an output in a folder that does not exist or cannot be written is refused") {
  Scratch scratch;
  const std::string missing = scratch.file("missing-dir/model.json");
  check_refused({missing}, {}, missing,
                "the folder " + scratch.file("missing-dir") + " does not exist");
  const std::string file = scratch.file("file");
  write_text(file, "x");
  check_refused({file + "/model.json"}, {}, file + "/model.json", "is not a folder");
  check_refused({scratch.file("folder/")}, {}, scratch.file("folder/"), "names a folder");
  CHECK_THROWS_AS(check_output_path(""), ArgumentError);

  const std::string locked = scratch.file("locked");
  fs::create_directory(locked);
  fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
  if (access(locked.c_str(), W_OK) == 0) {
    MESSAGE("skipped the read-only folder: this user (root?) may write to it");
  } else {
    check_refused({locked + "/m.json"}, {}, locked + "/m.json",
                  "cannot create files in the folder");
  }
  // What may be written: a new file, an existing one, a device, a relative path.
  CHECK_NOTHROW(check_output_paths({scratch.file("new.json"), file, "/dev/null", "relative.png"}));
}

TEST_CASE("an output that is one of the inputs is refused, however it is spelt") {
  Scratch scratch;
  const std::string model = scratch.file("model.json");
  write_text(model, "{}");
  check_refused({model}, {model}, model, "is also an input");
  const std::string dotted = scratch.path().string() + "/./model.json";
  check_refused({dotted}, {model}, dotted, "is the same file as the input " + model);
  const std::string link = scratch.file("link.json");
  fs::create_symlink(model, link);
  check_refused({link}, {model}, link, "is the same file as the input");
  const std::string hard = scratch.file("hard.json");
  fs::create_hard_link(model, hard);
  check_refused({hard}, {model}, hard, "is the same file as the input");
  // Inputs that do not exist are for the reader to report.
  CHECK_NOTHROW(check_output_paths({scratch.file("out.png")}, {model, scratch.file("absent")}));
}

TEST_CASE("two outputs that are one file are refused, even before it exists") {
  Scratch scratch;
  const std::string figure = scratch.file("x.png");
  const std::string same =
      scratch.path().string() + "/../" + scratch.path().filename().string() + "/x.png";
  check_refused({figure, same}, {}, same, "is also given as another output");
  CHECK_NOTHROW(check_output_paths({"/dev/null", "/dev/null"}));
}

TEST_CASE("folders, named pipes and other special files are refused as outputs") {
  Scratch scratch;
  const std::string folder = scratch.file("figures");
  fs::create_directory(folder);
  check_refused({folder}, {}, folder, "is a folder");
  const std::string pipe = scratch.file("pipe");
  REQUIRE(mkfifo(pipe.c_str(), 0600) == 0);
  check_refused({pipe}, {}, pipe, "is a named pipe");
  // atomic_write refuses them too, without blocking on the pipe or replacing either.
  CHECK_THROWS_WITH_AS(atomic_write(pipe, "x"), doctest::Contains("is a named pipe"), FileError);
  CHECK_THROWS_WITH_AS(atomic_write(folder, "x"), doctest::Contains("is a folder"), FileError);
  CHECK(fs::is_fifo(pipe));
  CHECK(fs::is_directory(folder));
}

TEST_CASE("atomic_write writes a character device directly and leaves it in place") {
  // Through symlinks, so that the test can see the device was not replaced without touching
  // /dev itself (root may write there, and the old behaviour would replace /dev/null).
  Scratch scratch;
  const std::string null_link = scratch.file("null");
  fs::create_symlink("/dev/null", null_link);
  CHECK_NOTHROW(check_output_path(null_link));
  atomic_write(null_link, "written and gone");
  CHECK(fs::is_symlink(null_link));
  CHECK(fs::is_character_file(null_link));
  CHECK(fs::is_character_file("/dev/null"));

  if (fs::exists("/dev/full")) {
    const std::string full_link = scratch.file("full");
    fs::create_symlink("/dev/full", full_link);
    CHECK_THROWS_WITH_AS(atomic_write(full_link, "x"), doctest::Contains("No space left"),
                         FileError);
    CHECK(fs::is_symlink(full_link));
    CHECK(fs::is_character_file(full_link));
  }
  // Nothing else appeared in the folder: no temporary file, no regular file.
  std::size_t entries = 0;
  for (const auto& entry : fs::directory_iterator(scratch.path())) {
    CHECK(entry.is_symlink());
    ++entries;
  }
  CHECK(entries == (fs::exists("/dev/full") ? 2 : 1));
}

}  // namespace test_output_path
