#include "framework/read_whole_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "framework/errors.hpp"

namespace glassbox {

std::string read_whole_file(const std::string& path) {
  const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) throw FileError(path, std::string("cannot open: ") + std::strerror(errno));
  std::string text;
  struct stat status;
  if (::fstat(descriptor, &status) == 0) {
    // open() accepts a directory; read() would then fail with a less helpful EISDIR.
    if (S_ISDIR(status.st_mode)) {
      ::close(descriptor);
      throw FileError(path, "is a directory");
    }
    if (status.st_size > 0) text.reserve(static_cast<std::size_t>(status.st_size));
  }
  char buffer[1 << 16];
  for (;;) {
    const ssize_t count = ::read(descriptor, buffer, sizeof buffer);
    if (count == 0) break;
    if (count < 0) {
      if (errno == EINTR) continue;
      const int error_number = errno;
      ::close(descriptor);
      throw FileError(path, std::string("cannot read: ") + std::strerror(error_number));
    }
    text.append(buffer, static_cast<std::size_t>(count));
  }
  ::close(descriptor);
  return text;
}

}  // namespace glassbox
