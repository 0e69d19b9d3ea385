#include "datasets/data_directory.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "framework/errors.hpp"

namespace glassbox {

namespace {

namespace fs = std::filesystem;

// Repeated in every message: a user who hits any of these errors needs the same two ways out.
const char kHowToGetData[] =
    "set GLASSBOX_DATA to a folder holding mnist/*.gz and 20news/20news-bydate.tar.gz "
    "(e.g. ../shared/data), or run scripts/fetch_data.sh, which downloads them into ./data";

bool is_directory(const std::string& path) {
  std::error_code error;  // a permission problem counts as "not usable", not as a crash
  return fs::is_directory(path, error);
}

}  // namespace

std::string find_data_directory() {
  const char* from_environment = std::getenv("GLASSBOX_DATA");
  // An empty value is treated as unset, so `GLASSBOX_DATA= command` falls back to ./data.
  if (from_environment != nullptr && from_environment[0] != '\0') {
    const std::string directory = from_environment;
    std::error_code error;
    if (!fs::exists(directory, error)) {
      throw FileError(directory, std::string("GLASSBOX_DATA names a path that does not exist; ") +
                                     kHowToGetData);
    }
    if (!is_directory(directory)) {
      throw FileError(directory, std::string("GLASSBOX_DATA names something that is not a "
                                             "directory; ") +
                                     kHowToGetData);
    }
    return directory;
  }
  const std::string local = "./data";
  if (is_directory(local)) return local;
  throw FileError(local, std::string("no data directory (GLASSBOX_DATA is unset and ./data does "
                                     "not exist); ") +
                             kHowToGetData);
}

std::string data_file(const std::string& directory, const std::string& relative) {
  const std::string path = (fs::path(directory) / fs::path(relative)).string();
  std::error_code error;
  if (!fs::exists(path, error)) {
    throw FileError(path, "missing from the data directory " + directory + "; " + kHowToGetData);
  }
  return path;
}

std::string data_file(const std::string& relative) {
  return data_file(find_data_directory(), relative);
}

}  // namespace glassbox
