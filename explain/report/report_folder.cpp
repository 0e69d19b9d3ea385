#include "explain/report/report_folder.hpp"

#include <filesystem>
#include <system_error>

#include "explain/report/site_files.hpp"
#include "framework/errors.hpp"
#include "framework/serialization/atomic_write.hpp"

namespace glassbox::explain {
namespace fs = std::filesystem;

void prepare_report_folder(const std::string& folder) {
  const fs::path path(folder);
  std::error_code error;
  if (fs::exists(path, error) && !fs::is_directory(path, error)) {
    throw FileError(folder, "exists and is not a folder; --out names the folder of the report");
  }
  if (fs::is_directory(path, error)) {
    const bool earlier_report =
        fs::exists(path / "index.html", error) && fs::exists(path / "data.js", error);
    if (!earlier_report && !fs::is_empty(path, error)) {
      throw FileError(folder,
                      "is a folder with other files in it; give a new or empty folder (an earlier "
                      "report's folder is replaced)");
    }
  } else {
    fs::create_directories(path, error);
    if (error) throw FileError(folder, "cannot create the folder: " + error.message());
  }
  // A folder we may not write to would only show at the end, after all the work.
  const fs::path probe = path / ".glassbox-write-check";
  atomic_write(probe.string(), "");
  fs::remove(probe, error);
}

std::string write_report_folder(const std::string& folder, const nlohmann::json& report) {
  const fs::path path(folder);
  for (const SiteFile& file : site_files()) {
    atomic_write((path / file.name).string(), std::string(file.contents));
  }
  // JSON is a JavaScript expression, so data.js is the report's JSON behind one assignment.
  atomic_write((path / "data.js").string(), "window.REPORT = " + report.dump() + ";\n");
  return (path / "index.html").string();
}

}  // namespace glassbox::explain
