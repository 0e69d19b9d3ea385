#include "framework/serialization/output_path.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "framework/errors.hpp"
#include "framework/serialization/atomic_write.hpp"

namespace glassbox {
namespace {

// The folder a file goes in: "out" for "out/model.json", "." for "model.json", "/" for "/x".
std::string folder_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

bool same_file(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

// The output as it will be found on disk: its absolute path with ".", ".." and symlinks of the
// folders that exist resolved, to tell whether two outputs that do not exist yet are one file.
std::string resolved(const std::string& path) {
  std::error_code ignored;
  const auto canonical = std::filesystem::weakly_canonical(path, ignored);
  return canonical.empty() ? path : canonical.string();
}

void check_folder(const std::string& output) {
  const std::string folder = folder_of(output);
  struct stat status;
  if (stat(folder.c_str(), &status) != 0) {
    const int error_number = errno;
    throw FileError(output, "cannot write here: the folder " + folder +
                                (error_number == ENOENT ? " does not exist"
                                                        : std::string(" cannot be reached: ") +
                                                              std::strerror(error_number)));
  }
  if (!S_ISDIR(status.st_mode)) {
    throw FileError(output, "cannot write here: " + folder + " is not a folder");
  }
  // access() asks with the real user's rights, which are this process's for glassbox; as root it
  // still fails on a read-only filesystem.
  if (access(folder.c_str(), W_OK | X_OK) != 0) {
    throw FileError(output,
                    "cannot create files in the folder " + folder + ": " + std::strerror(errno));
  }
}

}  // namespace

void check_output_path(const std::string& output, const std::vector<std::string>& inputs) {
  if (output.empty()) throw ArgumentError("an output path is empty");
  if (output.back() == '/') throw FileError(output, "names a folder; give a file name");
  struct stat status;
  if (stat(output.c_str(), &status) != 0) {
    // ENOTDIR: part of the folder's path is a file, which check_folder says in plainer words.
    if (errno != ENOENT && errno != ENOTDIR) {
      throw FileError(output, std::string("cannot be reached: ") + std::strerror(errno));
    }
    check_folder(output);
    return;  // a new file cannot be one of the inputs, which exist
  }
  if (S_ISCHR(status.st_mode)) {
    if (access(output.c_str(), W_OK) != 0) {
      throw FileError(output, std::string("cannot write to this device: ") + std::strerror(errno));
    }
    return;  // written directly, never replaced; reading and writing /dev/null is harmless
  }
  if (!S_ISREG(status.st_mode)) {
    throw FileError(output, std::string("is ") + special_file_kind(status.st_mode) +
                                "; glassbox writes regular files, and character devices such as "
                                "/dev/null directly");
  }
  for (const std::string& input : inputs) {
    struct stat input_status;
    if (stat(input.c_str(), &input_status) == 0 && same_file(status, input_status)) {
      throw FileError(output, input == output
                                  ? "is also an input; writing it would destroy what is read"
                                  : "is the same file as the input " + input +
                                        "; writing it would destroy what is read");
    }
  }
  check_folder(output);
}

void check_output_paths(const std::vector<std::string>& outputs,
                        const std::vector<std::string>& inputs) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    check_output_path(outputs[i], inputs);
    struct stat status;
    const bool is_device = stat(outputs[i].c_str(), &status) == 0 && S_ISCHR(status.st_mode);
    for (std::size_t j = 0; j < i && !is_device; ++j) {
      if (resolved(outputs[i]) == resolved(outputs[j])) {
        throw FileError(outputs[i], "is also given as another output (" + outputs[j] +
                                        "); one would overwrite the other");
      }
    }
  }
}

}  // namespace glassbox
