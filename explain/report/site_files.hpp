// The explorer page's own files (site/index.html, site/report.css, site/report.js), built into the
// program by embed_site.py so that `glassbox report` needs nothing beside its executable. Edit the
// files in site/; the build regenerates site_files.cpp from them.
#pragma once

#include <string_view>
#include <vector>

namespace glassbox::explain {

struct SiteFile {
  const char* name;           // "index.html"
  std::string_view contents;  // the file's bytes as they are in site/
};

const std::vector<SiteFile>& site_files();

}  // namespace glassbox::explain
