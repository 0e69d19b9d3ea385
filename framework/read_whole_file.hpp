// Reading a whole file into memory, the one way every reader in glassbox does it.
#pragma once

#include <string>

namespace glassbox {

// The whole contents of `path`; FileError naming it and the operating system's reason otherwise
// ("is a directory", "cannot open: No such file or directory", "cannot read: ...").
std::string read_whole_file(const std::string& path);

}  // namespace glassbox
