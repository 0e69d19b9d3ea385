// Checking where a command will write before it starts working, so that a bad output path fails
// in a second, not after an hour of training, and never costs an input.
//
// A path is writable by atomic_write (atomic_write.hpp) when
//   - it is not empty and does not end in '/';
//   - it names a character device (/dev/null, /dev/full, a terminal), which is written to
//     directly and must be writable; or
//   - it names a regular file, or nothing yet, in an existing folder in which this process may
//     create files;
//   - and it is not the same file as any input (compared by device and inode, so a symlink or
//     another spelling of the path is caught too), nor the same file as another output.
// Folders, block devices, named pipes and sockets are refused.
#pragma once

#include <string>
#include <vector>

namespace glassbox {

// FileError(path, problem) for the first output that cannot be written as above; ArgumentError
// for an empty path. `inputs` are the files the command reads (a model, an image, a checkpoint);
// ones that do not exist are ignored (reading them will say so).
void check_output_paths(const std::vector<std::string>& outputs,
                        const std::vector<std::string>& inputs = {});

// The same for one output.
void check_output_path(const std::string& output, const std::vector<std::string>& inputs = {});

}  // namespace glassbox
