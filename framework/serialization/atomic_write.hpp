// Writing a whole file so that readers see either the old contents or the new, never a mix.
//
// The contents go to a temporary file beside the target (same directory, hence same filesystem),
// are flushed to disk with fsync, and only then renamed over the target; rename within a filesystem
// is atomic on POSIX. A crash or a full disk halfway through therefore leaves the previous model,
// figure or checkpoint intact instead of a truncated one. Models, figures and checkpoints all use
// it.
#pragma once

#include <string>

namespace glassbox {

// Replaces (or creates) `path` with `contents`, atomically.
//
// The temporary file is `path` + ".tmp-XXXXXX" (temporary_file.hpp: removed on failure, and when
// a signal ends the process meanwhile). The new file keeps the permission bits of the file it
// replaces, or gets the usual 0666 minus the umask when it is new. On any failure the target is
// left untouched and a FileError naming `path` and the operating system's reason (strerror) is
// thrown.
//
// When `path` is a character device (/dev/null, /dev/full, a terminal) the contents are written
// to it directly: a device cannot be replaced atomically, and a rename would put a regular file in
// place of the device node. Any other kind of file that is not a regular one (a folder, a block
// device, a named pipe, a socket) is refused with a FileError.
void atomic_write(const std::string& path, const std::string& contents);

// "a folder", "a block device", "a named pipe", ... for the st_mode of a stat() result.
const char* special_file_kind(unsigned mode);

}  // namespace glassbox
