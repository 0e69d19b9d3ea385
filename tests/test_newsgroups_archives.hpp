// Helpers shared by the 20 Newsgroups tests: small "bydate" trees with known content, written as
// tar archives (gzip-compressed or not) with libarchive, or as extracted folders.
#pragma once

#include <archive.h>
#include <archive_entry.h>
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

namespace glassbox_test {

// One archive member. Folders and links have no content; a link points at `content`.
struct Member {
  enum class Kind { file, folder, symlink, hardlink };
  std::string path;
  std::string content;
  Kind kind = Kind::file;
};

// One article of a bydate tree: <split folder>/<category>/<id>.
struct Article {
  std::string split;  // "20news-bydate-train" or "20news-bydate-test"
  std::string category;
  std::string id;
  std::string content;
};

inline const char kTrain[] = "20news-bydate-train";
inline const char kTest[] = "20news-bydate-test";

// Folder members for every split and category the articles use, then the articles, in the given
// order (so tests can check that the reader sorts).
inline std::vector<Member> bydate_members(const std::vector<Article>& articles) {
  std::vector<Member> members;
  std::set<std::string> folders;
  for (const Article& article : articles) {
    for (const std::string& folder : {article.split, article.split + "/" + article.category}) {
      if (folders.insert(folder).second)
        members.push_back({folder + "/", "", Member::Kind::folder});
    }
  }
  for (const Article& article : articles) {
    members.push_back({article.split + "/" + article.category + "/" + article.id, article.content});
  }
  return members;
}

// Writes `members` as a ustar archive at `path`, gzip-compressed unless `gzip` is false.
inline void write_tar(const std::string& path, const std::vector<Member>& members,
                      bool gzip = true) {
  archive* writer = archive_write_new();
  REQUIRE(writer != nullptr);
  if (gzip) REQUIRE(archive_write_add_filter_gzip(writer) == ARCHIVE_OK);
  REQUIRE(archive_write_set_format_ustar(writer) == ARCHIVE_OK);
  REQUIRE(archive_write_open_filename(writer, path.c_str()) == ARCHIVE_OK);
  for (const Member& member : members) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, member.path.c_str());
    archive_entry_set_mtime(entry, 946684800, 0);  // 2000-01-01, as in the real archive
    switch (member.kind) {
      case Member::Kind::file:
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_perm(entry, 0644);
        archive_entry_set_size(entry, static_cast<la_int64_t>(member.content.size()));
        break;
      case Member::Kind::folder:
        archive_entry_set_filetype(entry, AE_IFDIR);
        archive_entry_set_perm(entry, 0755);
        break;
      case Member::Kind::symlink:
        archive_entry_set_filetype(entry, AE_IFLNK);
        archive_entry_set_perm(entry, 0777);
        archive_entry_set_symlink(entry, member.content.c_str());
        break;
      case Member::Kind::hardlink:
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_perm(entry, 0644);
        archive_entry_set_hardlink(entry, member.content.c_str());
        break;
    }
    REQUIRE_MESSAGE(archive_write_header(writer, entry) == ARCHIVE_OK,
                    archive_error_string(writer));
    if (member.kind == Member::Kind::file && !member.content.empty()) {
      REQUIRE(archive_write_data(writer, member.content.data(), member.content.size()) ==
              static_cast<la_ssize_t>(member.content.size()));
    }
    archive_entry_free(entry);
  }
  REQUIRE(archive_write_close(writer) == ARCHIVE_OK);
  archive_write_free(writer);
}

// The same tree as extracted folders under `root`.
inline void write_folders(const std::string& root, const std::vector<Article>& articles) {
  namespace fs = std::filesystem;
  for (const Article& article : articles) {
    const fs::path folder = fs::path(root) / article.split / article.category;
    fs::create_directories(folder);
    std::ofstream out(folder / article.id, std::ios::binary);
    out.write(article.content.data(), static_cast<std::streamsize>(article.content.size()));
    REQUIRE(out.good());
  }
}

inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  REQUIRE(out.good());
}

// Whether `text` is well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF).
inline bool valid_utf8(const std::string& text) {
  std::size_t position = 0;
  while (position < text.size()) {
    const auto lead = static_cast<unsigned char>(text[position]);
    std::size_t length = 0;
    unsigned code = 0;
    if (lead < 0x80) {
      ++position;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code = lead & 0x07;
    } else {
      return false;
    }
    if (position + length > text.size()) return false;
    for (std::size_t index = 1; index < length; ++index) {
      const auto byte = static_cast<unsigned char>(text[position + index]);
      if ((byte & 0xC0) != 0x80) return false;
      code = (code << 6) | (byte & 0x3F);
    }
    const unsigned smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < smallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    position += length;
  }
  return true;
}

}  // namespace glassbox_test
