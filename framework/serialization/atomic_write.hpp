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
// The temporary file is `path` + ".tmp-XXXXXX" (mkstemp fills in the X's). The new file keeps the
// permission bits of the file it replaces, or gets the usual 0666 minus the umask when it is new.
// On any failure the temporary file is removed, the target is left untouched, and a FileError
// naming `path` and the operating system's reason (strerror) is thrown.
void atomic_write(const std::string& path, const std::string& contents);

}  // namespace glassbox
