// What a text model may be asked to explain (datasets/newsgroups/document_file.hpp): text files,
// in any language; not folders, devices, empty files, PNGs or other binary files.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "datasets/newsgroups/document_file.hpp"
#include "framework/errors.hpp"
#include "scratch_folder.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_document_file {

namespace fs = std::filesystem;
using namespace glassbox;

namespace {

// A scratch folder that writes files into itself.
struct Scratch : testing::ScratchFolder {
  std::string write(const std::string& name, const std::string& bytes) const {
    const std::string path = file(name);
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
};

void check_refused(const std::string& path, const std::string& problem) {
  CAPTURE(path);
  try {
    read_document_file(path);
    FAIL("accepted");
  } catch (const FileError& error) {
    CHECK(error.file() == path);
    CHECK_MESSAGE(error.problem().find(problem) != std::string::npos, error.problem());
  }
}

}  // namespace

TEST_CASE("text documents are read as they are, in any language and line ending") {
  Scratch scratch;
  for (const std::string& text :
       {std::string("The shuttle reached orbit.\n"), std::string("Dear all,\r\n\tthanks.\r\n"),
        std::string("Gr\xfc\xdf"
                    "e aus K\xf6ln\n"),  // Latin-1
        std::string("Gr\xc3\xbc\xc3\x9f"
                    "e \xe2\x80\x94 caf\xc3\xa9\n"),  // UTF-8
        std::string("\x1b[1mbold\x1b[0m from a terminal log\f\n")}) {
    CHECK(read_document_file(scratch.write("letter.txt", text)) == text);
  }
}

TEST_CASE("what is not a text document is refused, saying what it is") {
  Scratch scratch;
  check_refused(scratch.write("empty.txt", ""), "is empty");
  check_refused(scratch.write("blank.txt", " \n\t\r\n"), "only white space");
  check_refused(scratch.write("digit.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)),
                "is a PNG image, not a text document");
  check_refused(scratch.write("data.gz", std::string("\x1f\x8b\x08\0", 4)), "gzip");
  check_refused(scratch.write("paper.pdf", "%PDF-1.4\n..."), "a PDF document");
  check_refused(scratch.write("nul.txt", std::string("hello\0world", 11)),
                "holds a NUL byte (at byte 5)");
  std::string noisy(1000, 'a');
  for (std::size_t i = 0; i < 20; ++i) noisy[i * 50] = '\x02';
  check_refused(scratch.write("noisy.txt", noisy), "20 of its 1000 bytes are control characters");
  // A few stray control characters in a long text are still text.
  std::string stray(1000, 'a');
  stray[10] = '\x07';
  CHECK_NOTHROW(read_document_file(scratch.write("bell.txt", stray)));
}

TEST_CASE("folders, devices, pipes, missing and huge files are refused") {
  Scratch scratch;
  check_refused(scratch.path().string(), "is a folder");
  check_refused("/dev/null", "not a regular file");
  const std::string pipe = (scratch.path() / "pipe").string();
  REQUIRE(mkfifo(pipe.c_str(), 0600) == 0);
  check_refused(pipe, "not a regular file");  // refused without opening it (which would block)
  check_refused((scratch.path() / "absent.txt").string(), "cannot open");
  const std::string huge = scratch.write("huge.txt", "x");
  fs::resize_file(huge, max_document_bytes + 1);  // sparse: costs no disk
  check_refused(huge, "a document to explain may have at most 16.8 MB");
}

}  // namespace test_document_file
