// libFuzzer target for the IDX reader (datasets/idx.hpp): any bytes, as a raw or gzip file, must
// either read or throw glassbox::FileError; a crash, a leak or undefined behaviour is a finding.
//
// read_idx takes a path, so each input is written to a file in a private temporary folder. The
// first byte chooses the file name (ending in ".gz" or not, since the reader treats a .gz name as a
// promise of compression) and whether an expected magic number is checked.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "datasets/idx.hpp"
#include "framework/errors.hpp"

namespace {

// One folder per fuzzing process, removed at exit. A plain char array, not a std::string: the
// exit handler runs after static objects registered later than it are destroyed.
char scratch[4096];

void remove_scratch() {
  const std::string folder = scratch;
  std::remove((folder + "/input").c_str());
  std::remove((folder + "/input.gz").c_str());
  rmdir(folder.c_str());
}

const char* scratch_folder() {
  if (scratch[0] == '\0') {
    const char* tmp = std::getenv("TMPDIR");
    const std::string pattern = std::string(tmp ? tmp : "/tmp") + "/fuzz_idx.XXXXXX";
    if (pattern.size() >= sizeof scratch) std::abort();
    pattern.copy(scratch, pattern.size());
    if (!mkdtemp(scratch)) std::abort();
    std::atexit(remove_scratch);
  }
  return scratch;
}

void write_file(const std::string& path, const std::uint8_t* data, std::size_t size) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (!file) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, file) != size) std::abort();
  std::fclose(file);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t choice = data[0];
  const std::string path = std::string(scratch_folder()) + ((choice & 1) ? "/input.gz" : "/input");
  write_file(path, data + 1, size - 1);
  try {
    const glassbox::IdxArray array = (choice & 2)
                                         ? glassbox::read_idx(path, glassbox::kIdxImagesMagic)
                                         : glassbox::read_idx(path);
    // What was read must agree with itself: as many values as the dimensions say.
    std::size_t count = 1;
    for (std::size_t dimension : array.dims) count *= dimension;
    if (count != array.values.size()) std::abort();
  } catch (const glassbox::FileError&) {
  }
  return 0;
}
