// Where the real datasets live on this machine.
//
// The data root is `$GLASSBOX_DATA` when set, else `./data` (which `scripts/fetch_data.sh` fills).
// Expected layout under the root:
//   mnist/train-images-idx3-ubyte.gz   mnist/train-labels-idx1-ubyte.gz
//   mnist/t10k-images-idx3-ubyte.gz    mnist/t10k-labels-idx1-ubyte.gz
//   20news/20news-bydate.tar.gz
// Data files are never part of the repository; every lookup failure says how to get them.
#pragma once

#include <string>

namespace glassbox {

// The data root: `$GLASSBOX_DATA` if set and non-empty (FileError if it is not a directory), else
// `./data` if that is a directory. Otherwise throws FileError saying where to put the data.
std::string find_data_directory();

// `directory/relative`, checked to exist; FileError naming the full path and how to get the data
// otherwise. `relative` uses '/' separators, e.g. "mnist/t10k-images-idx3-ubyte.gz".
std::string data_file(const std::string& directory, const std::string& relative);

// Same, under find_data_directory().
std::string data_file(const std::string& relative);

}  // namespace glassbox
