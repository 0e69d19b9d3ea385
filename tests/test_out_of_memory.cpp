// Running out of memory while loading a model file or a checkpoint is a FileError naming the file,
// not a bare std::bad_alloc. This program replaces the global operator new so that, while a test
// arms it, the first allocation of `failing_size` bytes or more fails, as the one that no longer
// fits does on a full machine. (Only the first: what is freed while the exception unwinds makes
// room again. nlohmann's destructor itself allocates a stack as long as the largest array it
// frees, and a failure there would end the process from a noexcept function.)
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <new>
#include <string>

#include "framework/errors.hpp"
#include "framework/model_spec.hpp"
#include "framework/optimizers/sgd.hpp"
#include "framework/serialization/checkpoint.hpp"
#include "framework/serialization/model_file.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_out_of_memory {

namespace {

std::size_t failing_size = 0;  // 0: allocations never fail

void* allocate(std::size_t size) {
  if (failing_size > 0 && size >= failing_size) {
    failing_size = 0;
    throw std::bad_alloc();
  }
  if (void* memory = std::malloc(size == 0 ? 1 : size)) return memory;
  throw std::bad_alloc();
}

// Arms the failure for the lifetime of the object.
struct AllocationsFailFrom {
  explicit AllocationsFailFrom(std::size_t size) { failing_size = size; }
  ~AllocationsFailFrom() { failing_size = 0; }
};

}  // namespace

}  // namespace test_out_of_memory

// Replacements of the global allocation functions have to be declared in the global namespace.
void* operator new(std::size_t size) {
  return test_out_of_memory::allocate(size);
}
void* operator new[](std::size_t size) {
  return test_out_of_memory::allocate(size);
}
void operator delete(void* memory) noexcept {
  std::free(memory);
}
void operator delete[](void* memory) noexcept {
  std::free(memory);
}
void operator delete(void* memory, std::size_t) noexcept {
  std::free(memory);
}
void operator delete[](void* memory, std::size_t) noexcept {
  std::free(memory);
}

namespace test_out_of_memory {

using namespace glassbox;

namespace {

// A model file of about 5 MB: 400k weights.
std::string write_model(const std::filesystem::path& path) {
  Sequential model = build_model("flatten,dense:512,relu,dense:10", {1, 28, 28}, 1);
  save_model(path.string(), model, nlohmann::json::object());
  return path.string();
}

void check_names_file(const std::string& path, std::size_t failing, bool checkpoint) {
  CAPTURE(failing);
  const AllocationsFailFrom failure(failing);
  try {
    if (checkpoint) {
      load_checkpoint(path);
    } else {
      load_model(path);
    }
    FAIL("loaded");
  } catch (const FileError& error) {
    CHECK(error.file() == path);
    CHECK_MESSAGE(std::string(error.what()).find("not enough memory to load it (a file of") !=
                      std::string::npos,
                  error.what());
  }
}

}  // namespace

TEST_CASE("out of memory while loading a model or a checkpoint names the file") {
  const auto folder = std::filesystem::temp_directory_path();
  const std::string model = write_model(folder / "glassbox_test_out_of_memory.json");
  const auto size = std::filesystem::file_size(model);
  REQUIRE(size > 4'000'000);
  check_names_file(model, size / 2, false);          // the file's text does not fit
  check_names_file(model, size + 1'000'000, false);  // the text fits, the parsed document not
  CHECK_NOTHROW(load_model(model));

  const std::string checkpoint = (folder / "glassbox_test_out_of_memory.checkpoint").string();
  {
    Sequential trained = load_model(model).model;
    Sgd sgd(SgdSettings{});
    save_checkpoint(checkpoint, trained, sgd, start_progress(1, 10, 0.1f),
                    nlohmann::json::object());
  }
  check_names_file(checkpoint, 1'000'000, true);
  CHECK_NOTHROW(load_checkpoint(checkpoint));
  std::filesystem::remove(model);
  std::filesystem::remove(checkpoint);
}

}  // namespace test_out_of_memory
