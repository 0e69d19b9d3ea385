// An explorer report written as a folder that opens from the file system, with no server and no
// network:
//
//   index.html   the page (site/index.html)
//   report.css   its style (site/report.css)
//   report.js    the code that draws it on canvases (site/report.js)
//   data.js      window.REPORT = {...}; the report's numbers (report_json.hpp), loaded by a
//                <script> tag because browsers refuse fetch() on file:// pages
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace glassbox::explain {

// Makes sure `folder` can take a report before any work is done: creates it (and its parents) when
// missing. FileError naming it when it is a file, when it cannot be created, or when it is a
// folder with other files and no earlier report (index.html and data.js), which would be mixed.
void prepare_report_folder(const std::string& folder);

// Writes the page's files and data.js (`report`, report_json.hpp) into `folder`; returns the path
// of index.html. FileError when a file cannot be written.
std::string write_report_folder(const std::string& folder, const nlohmann::json& report);

}  // namespace glassbox::explain
