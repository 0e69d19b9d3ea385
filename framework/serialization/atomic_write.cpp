#include "framework/serialization/atomic_write.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "framework/errors.hpp"

namespace glassbox {
namespace {

// mkstemp creates its file with mode 0600, which would make every saved model private to its
// owner. A file made by open() gets 0666 minus the umask, so that is what we apply. umask(2) can
// only read the mask by changing it, which races with other threads creating files, so the mask is
// read from /proc (Linux) with the common 022 as the fallback.
mode_t current_umask() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Umask:", 0) != 0) continue;
    char* end = nullptr;
    const unsigned long mask = std::strtoul(line.c_str() + 6, &end, 8);
    if (end != line.c_str() + 6 && mask <= 0777) return static_cast<mode_t>(mask);
  }
  return 022;
}

// Replacing a file should not change who may read it, so an existing target lends its permissions.
mode_t permissions_for(const std::string& path) {
  struct stat existing;
  if (stat(path.c_str(), &existing) == 0 && S_ISREG(existing.st_mode)) {
    return existing.st_mode & 0777;
  }
  return 0666 & ~current_umask();
}

// The rename is only durable once the directory entry is on disk. Failing here would report an
// error for a file that has in fact been written, so this is best effort and reports nothing.
void sync_directory_of(const std::string& path) {
  const auto slash = path.rfind('/');
  const std::string directory =
      slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  const int descriptor = open(directory.c_str(), O_RDONLY | O_DIRECTORY);
  if (descriptor < 0) return;
  fsync(descriptor);
  close(descriptor);
}

// Removes the temporary file (closing it first when still open) and reports the failure.
// `error_number` is errno as it was when `action` failed, saved before close/unlink overwrite it.
[[noreturn]] void fail(const std::string& path, const std::string& temporary, int descriptor,
                       const std::string& action, int error_number) {
  if (descriptor >= 0) close(descriptor);
  unlink(temporary.c_str());
  throw FileError(path, action + ": " + std::strerror(error_number));
}

}  // namespace

void atomic_write(const std::string& path, const std::string& contents) {
  std::string temporary = path + ".tmp-XXXXXX";
  const int descriptor = mkstemp(temporary.data());
  if (descriptor < 0) {
    throw FileError(
        path, std::string("cannot create a temporary file beside it: ") + std::strerror(errno));
  }
  if (fchmod(descriptor, permissions_for(path)) != 0) {
    fail(path, temporary, descriptor, "cannot set the permissions of " + temporary, errno);
  }
  const char* next = contents.data();
  std::size_t remaining = contents.size();
  while (remaining > 0) {
    const ssize_t written = write(descriptor, next, remaining);
    if (written < 0) {
      if (errno == EINTR) continue;  // interrupted by a signal before writing anything: retry
      fail(path, temporary, descriptor, "cannot write " + temporary, errno);
    }
    next += written;
    remaining -= static_cast<std::size_t>(written);
  }
  // Without fsync the rename could reach the disk before the data, and a crash would leave the
  // target empty: exactly what writing through a temporary file is meant to prevent.
  if (fsync(descriptor) != 0) {
    fail(path, temporary, descriptor, "cannot flush " + temporary + " to disk", errno);
  }
  if (close(descriptor) != 0) fail(path, temporary, -1, "cannot close " + temporary, errno);
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    fail(path, temporary, -1, "cannot replace it with " + temporary, errno);
  }
  sync_directory_of(path);
}

}  // namespace glassbox
