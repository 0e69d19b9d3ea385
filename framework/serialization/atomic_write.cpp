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
#include "framework/serialization/temporary_file.hpp"

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

// Writes all of `contents`; false with errno set when write() fails.
bool write_all(int descriptor, const std::string& contents) {
  const char* next = contents.data();
  std::size_t remaining = contents.size();
  while (remaining > 0) {
    const ssize_t written = write(descriptor, next, remaining);
    if (written < 0) {
      if (errno == EINTR) continue;  // interrupted by a signal before writing anything: retry
      return false;
    }
    next += written;
    remaining -= static_cast<std::size_t>(written);
  }
  return true;
}

// A character device (/dev/null, /dev/stdout on a terminal) is written to directly: it cannot be
// replaced atomically, and renaming a regular file over it would destroy the device node (as root,
// where the folder /dev is writable). No fsync: devices do not support it and hold no file.
void write_to_device(const std::string& path, const std::string& contents) {
  const int descriptor = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (descriptor < 0) throw FileError(path, std::string("cannot open: ") + std::strerror(errno));
  if (!write_all(descriptor, contents)) {
    const int error_number = errno;
    close(descriptor);
    throw FileError(path, std::string("cannot write: ") + std::strerror(error_number));
  }
  if (close(descriptor) != 0) {
    throw FileError(path, std::string("cannot write: ") + std::strerror(errno));
  }
}

}  // namespace

void atomic_write(const std::string& path, const std::string& contents) {
  struct stat existing;
  if (stat(path.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode)) {
    if (S_ISCHR(existing.st_mode)) return write_to_device(path, contents);
    throw FileError(path, std::string("is ") + special_file_kind(existing.st_mode) +
                              "; glassbox writes regular files, and character devices such as "
                              "/dev/null directly");
  }
  TemporaryFile temporary(path);
  auto fail = [&](const std::string& action) {
    const int error_number = errno;  // before the temporary file's removal can change it
    throw FileError(path, action + ": " + std::strerror(error_number));
  };
  const std::string& name = temporary.path();
  if (fchmod(temporary.descriptor(), permissions_for(path)) != 0) {
    fail("cannot set the permissions of " + name);
  }
  if (!write_all(temporary.descriptor(), contents)) fail("cannot write " + name);
  // Without fsync the rename could reach the disk before the data, and a crash would leave the
  // target empty: exactly what writing through a temporary file is meant to prevent.
  if (fsync(temporary.descriptor()) != 0) fail("cannot flush " + name + " to disk");
  if (temporary.close() != 0) fail("cannot close " + name);
  if (std::rename(name.c_str(), path.c_str()) != 0) fail("cannot replace it with " + name);
  temporary.release();
  sync_directory_of(path);
}

const char* special_file_kind(unsigned mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a named pipe";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISREG(mode)) return "a regular file";
  return "a special file";
}

}  // namespace glassbox
