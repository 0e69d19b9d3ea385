#include "datasets/newsgroups/archive_reader.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <numeric>
#include <set>
#include <string_view>
#include <system_error>
#include <utility>

#include "datasets/newsgroups/latin1.hpp"
#include "framework/errors.hpp"
#include "framework/join.hpp"
#include "framework/read_whole_file.hpp"
#include "framework/string_affixes.hpp"

namespace glassbox {

namespace {

namespace fs = std::filesystem;

constexpr int kSplitCount = 2;  // 0 = train, 1 = test
const char* const kSplitFolders[kSplitCount] = {kBydateTrainFolder, kBydateTestFolder};

// zlib reads the file, and hands libarchive the decompressed data, in blocks of this size.
constexpr std::size_t kArchiveBlockBytes = std::size_t{1} << 20;

// Members are copied out in chunks of this size, into a buffer reused for every member.
constexpr std::size_t kChunkBytes = std::size_t{1} << 16;

// The most a member's declared size may make us reserve up front. A damaged header can declare
// gigabytes; past this, the buffer grows only as real data arrives.
constexpr std::size_t kMostReservedBytes = std::size_t{1} << 24;

constexpr char kNotAnArchive[] = "not a readable tar archive (gzip-compressed or not): ";

// How many unexpected top-level names an error message lists.
constexpr std::size_t kListedTopLevelNames = 5;

std::string slash(const std::string& folder) {
  return folder + "/";
}

bool is_hidden(std::string_view name) {
  return !name.empty() && name.front() == '.';
}

bool all_digits(const std::string& text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Article ids are numbers, so "9" comes before "10". Numbers are compared without leading zeros
// (by length, then digit by digit, so no id is too long to compare); names that are not numbers
// come after all numbers, in byte order. Equal numbers fall back to byte order ("007" < "7").
bool article_before(const std::string& first, const std::string& second) {
  const bool first_number = all_digits(first), second_number = all_digits(second);
  if (first_number != second_number) return first_number;
  if (first_number) {
    const std::string_view a =
        std::string_view(first).substr(std::min(first.find_first_not_of('0'), first.size() - 1));
    const std::string_view b =
        std::string_view(second).substr(std::min(second.find_first_not_of('0'), second.size() - 1));
    if (a.size() != b.size()) return a.size() < b.size();
    if (a != b) return a < b;
  }
  return first < second;
}

// A document found while walking the source, before labels exist.
struct FoundDocument {
  std::string category;
  std::string name;
  std::string text;  // already decoded
  std::size_t raw_size = 0;
  std::string location;  // for duplicate messages: the member or file it came from
};

// Everything the walk through the archive or folder collects, checked afterwards by assemble().
struct Walk {
  bool wanted[kSplitCount] = {false, false};
  bool split_seen[kSplitCount] = {false, false};
  // Category name -> number of articles, for every split, wanted or not: a category folder
  // without articles counts, with 0.
  std::map<std::string, std::size_t> categories[kSplitCount];
  std::vector<FoundDocument> documents[kSplitCount];
  std::set<std::string> other_top_level;  // names outside the split folders, for error messages
};

// ", found instead: a/, b/" when the source held other top-level names: the usual cause of a
// missing split folder is an archive packed one folder deeper or with different names.
std::string found_instead(const Walk& walk) {
  if (walk.other_top_level.empty()) return "";
  std::vector<std::string> listed;
  for (const std::string& name : walk.other_top_level) {
    if (listed.size() == kListedTopLevelNames) break;
    listed.push_back(name);
  }
  const bool more = walk.other_top_level.size() > listed.size();
  return "; found instead: " + join(listed) + (more ? ", ..." : "");
}

// Checks the structure both walks share and turns the found documents into labelled splits.
BydateCorpus assemble(const std::string& source, Walk& walk, const std::string& where) {
  for (int split = 0; split < kSplitCount; ++split) {
    if (!walk.split_seen[split]) {
      throw FileError(source, "no " + slash(kSplitFolders[split]) + " folder " + where +
                                  " (expected " + slash(kBydateTrainFolder) + " and " +
                                  slash(kBydateTestFolder) + ")" + found_instead(walk));
    }
  }
  // Labels must not depend on which splits were read, so both splits must agree on the categories.
  for (int split = 0; split < kSplitCount; ++split) {
    const int other = 1 - split;
    for (const auto& [category, articles] : walk.categories[other]) {
      if (walk.categories[split].count(category) == 0) {
        throw FileError(source, "category folder " + category + "/ is in " +
                                    slash(kSplitFolders[other]) + " but missing from " +
                                    slash(kSplitFolders[split]) +
                                    " (both splits must hold the same categories)");
      }
    }
  }
  if (walk.categories[0].empty()) {
    throw FileError(source, "no category folders in " + slash(kBydateTrainFolder) + " or " +
                                slash(kBydateTestFolder) + " " + where);
  }
  for (int split = 0; split < kSplitCount; ++split) {
    for (const auto& [category, articles] : walk.categories[split]) {
      if (articles == 0) {
        throw FileError(source, "category folder " + slash(kSplitFolders[split]) + category +
                                    "/ holds no articles");
      }
    }
  }

  BydateCorpus corpus;
  corpus.source = source;
  for (const auto& [category, articles] : walk.categories[0]) {
    corpus.class_names.push_back(category);  // a std::map is sorted by byte value
  }
  for (int split = 0; split < kSplitCount; ++split) {
    if (!walk.wanted[split]) continue;
    std::vector<FoundDocument>& found = walk.documents[split];
    std::vector<int> labels(found.size());
    for (std::size_t index = 0; index < found.size(); ++index) {
      labels[index] =
          static_cast<int>(std::lower_bound(corpus.class_names.begin(), corpus.class_names.end(),
                                            found[index].category) -
                           corpus.class_names.begin());
    }
    std::vector<std::size_t> order(found.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t first, std::size_t second) {
      if (labels[first] != labels[second]) return labels[first] < labels[second];
      return article_before(found[first].name, found[second].name);
    });

    NewsgroupsDocuments& documents = split == 0 ? corpus.train : corpus.test;
    documents.texts.reserve(found.size());
    for (std::size_t position = 0; position < order.size(); ++position) {
      FoundDocument& document = found[order[position]];
      const int label = labels[order[position]];
      if (position > 0) {
        const FoundDocument& previous = found[order[position - 1]];
        if (labels[order[position - 1]] == label && previous.name == document.name) {
          throw FileError(source,
                          "duplicate article " + document.category + "/" + document.name + " in " +
                              slash(kSplitFolders[split]),
                          document.location);
        }
      }
      documents.texts.push_back(std::move(document.text));
      documents.labels.push_back(label);
      documents.names.push_back(document.category + "/" + document.name);
      documents.raw_sizes.push_back(document.raw_size);
    }
    found.clear();
  }
  return corpus;
}

// ---------------------------------------------------------------------------------------------
// The archive

struct ArchiveDeleter {
  void operator()(archive* reader) const { archive_read_free(reader); }
};

std::string archive_message(archive* reader) {
  const char* message = archive_error_string(reader);
  return message != nullptr && message[0] != '\0' ? message : "unknown libarchive error";
}

// Splits a member path into its components, dropping "." and empty components, so that
// "./20news-bydate-train//sci.space/" is {"20news-bydate-train", "sci.space"}.
std::vector<std::string_view> path_components(std::string_view path) {
  std::vector<std::string_view> components;
  while (!path.empty()) {
    const std::size_t end = std::min(path.find('/'), path.size());
    const std::string_view component = path.substr(0, end);
    if (!component.empty() && component != ".") components.push_back(component);
    path.remove_prefix(std::min(end + 1, path.size()));
  }
  return components;
}

int split_index(std::string_view folder) {
  for (int split = 0; split < kSplitCount; ++split) {
    if (folder == kSplitFolders[split]) return split;
  }
  return -1;
}

void check_archive_file(const std::string& path) {
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (!fs::exists(status)) throw FileError(path, "no such file");
  if (!fs::is_regular_file(status)) throw FileError(path, "not a regular file");
  if (fs::file_size(path, error) == 0 && !error) throw FileError(path, "empty file (0 bytes)");
}

// The archive's bytes, decompressed by zlib and handed to libarchive through its read callback.
// zlib rather than libarchive's own gzip filter, because that filter never checks the gzip
// trailer: a flipped bit in the deflate data would silently change an article. Reading the
// stream to its end makes zlib verify the CRC-32 and length of everything read.
class GzipStream {
 public:
  explicit GzipStream(const std::string& path) : path_(path), buffer_(kArchiveBlockBytes) {
    errno = 0;
    file_ = gzopen(path.c_str(), "rb");
    if (file_ == nullptr) {
      throw FileError(path, std::string("cannot open: ") +
                                (errno != 0 ? std::strerror(errno) : "out of memory"));
    }
    gzbuffer(file_, static_cast<unsigned>(kArchiveBlockBytes));  // before the first read
    compressed_ = gzdirect(file_) == 0;  // looks at the first bytes for a gzip header
  }
  ~GzipStream() { gzclose(file_); }
  GzipStream(const GzipStream&) = delete;
  GzipStream& operator=(const GzipStream&) = delete;

  bool compressed() const { return compressed_; }

  // What went wrong in zlib, or "" if nothing did. Set by read(), so that an error libarchive
  // reports after a failed read can be traced to its cause.
  const std::string& problem() const { return problem_; }

  // "compressed byte N": where zlib was in the file when it failed.
  std::string position() const {
    const long offset = gzoffset(file_);
    return offset >= 0 ? (compressed_ ? "compressed byte " : "byte ") + std::to_string(offset) : "";
  }

  // Up to one buffer of data; 0 at the end, -1 after an error (problem() then says which).
  la_ssize_t read(const void** block) {
    const int got = gzread(file_, buffer_.data(), static_cast<unsigned>(buffer_.size()));
    int error_number = Z_OK;
    const char* message = gzerror(file_, &error_number);
    if (got < 0 || error_number != Z_OK) {
      problem_ = describe_zlib_error(error_number, message);
      return -1;
    }
    *block = buffer_.data();
    return got;
  }

  // Reads what is left after the tar's end-of-archive blocks, so that zlib reaches the gzip
  // trailer and checks it. Throws FileError for a bad CRC, a wrong length or a cut-off stream.
  void finish() {
    const void* block = nullptr;
    la_ssize_t got = 0;
    while ((got = read(&block)) > 0) {
    }
    if (got < 0) throw FileError(path_, problem_, position());
  }

  static la_ssize_t read_callback(archive* /*reader*/, void* stream, const void** block) {
    return static_cast<GzipStream*>(stream)->read(block);
  }

 private:
  std::string describe_zlib_error(int error_number, const char* message) const {
    std::string detail = message != nullptr ? message : "";
    const std::string prefix = path_ + ": ";  // zlib names the file; FileError already does
    if (detail.compare(0, prefix.size(), prefix) == 0) detail.erase(0, prefix.size());
    if (error_number == Z_BUF_ERROR) {
      return "truncated gzip stream: the compressed data ends early (" + detail + ")";
    }
    if (error_number == Z_ERRNO) return std::string("read error: ") + std::strerror(errno);
    if (error_number == Z_MEM_ERROR) return "out of memory while decompressing";
    return "corrupt gzip stream: " +
           (detail.empty() ? "zlib error " + std::to_string(error_number) : detail);
  }

  std::string path_;
  gzFile file_ = nullptr;
  bool compressed_ = false;
  std::vector<char> buffer_;
  std::string problem_;
};

class ArchiveWalker {
 public:
  ArchiveWalker(const std::string& path, Walk& walk) : path_(path), walk_(walk) {}

  void run() {
    check_archive_file(path_);
    GzipStream stream(path_);
    if ((ends_with(path_, ".gz") || ends_with(path_, ".tgz")) && !stream.compressed()) {
      throw FileError(path_,
                      "not gzip-compressed although the name ends in .gz (a failed or "
                      "interrupted download?)",
                      "byte 0");
    }
    std::unique_ptr<archive, ArchiveDeleter> reader(archive_read_new());
    if (!reader) throw FileError(path_, "out of memory opening the archive");
    archive_read_support_format_tar(reader.get());
    // libarchive reads the first block when opening, so "not a tar" shows here.
    if (archive_read_open(reader.get(), &stream, nullptr, &GzipStream::read_callback, nullptr) !=
        ARCHIVE_OK) {
      fail_reading(reader.get(), stream, kNotAnArchive);
    }
    bool first = true;
    archive_entry* entry = nullptr;
    for (;;) {
      const int status = archive_read_next_header(reader.get(), &entry);
      if (status == ARCHIVE_EOF) break;
      // ARCHIVE_WARN still delivers a usable header; ARCHIVE_RETRY means a damaged one.
      if (status != ARCHIVE_OK && status != ARCHIVE_WARN) {
        fail_reading(reader.get(), stream, first ? kNotAnArchive : "corrupt archive: ");
      }
      first = false;
      const char* name = archive_entry_pathname(entry);
      last_member_ = name != nullptr ? name : "";
      visit(reader.get(), entry, stream);
    }
    stream.finish();
  }

 private:
  // A failed libarchive call: zlib's problem when there was one (the cause), else libarchive's.
  [[noreturn]] void fail_reading(archive* reader, const GzipStream& stream,
                                 const std::string& what) {
    if (!stream.problem().empty()) {
      throw FileError(
          path_, stream.problem(),
          stream.position() + (last_member_.empty() ? "" : ", at member " + last_member_));
    }
    throw FileError(path_, what + archive_message(reader),
                    last_member_.empty() ? "" : "member " + last_member_);
  }

  [[noreturn]] void fail(const std::string& problem) {
    throw FileError(path_, problem, "member " + last_member_);
  }

  void visit(archive* reader, archive_entry* entry, const GzipStream& stream) {
    const std::vector<std::string_view> components = path_components(last_member_);
    if (components.empty()) return;
    const int split = split_index(components[0]);
    if (split < 0) {
      walk_.other_top_level.insert(std::string(components[0]) + (components.size() > 1 ? "/" : ""));
      return;
    }
    if (std::any_of(components.begin() + 1, components.end(), is_hidden)) return;

    const mode_t type = archive_entry_filetype(entry);
    const bool directory = type == AE_IFDIR;
    const bool regular = type == AE_IFREG && archive_entry_hardlink(entry) == nullptr;
    const std::string split_folder = slash(kSplitFolders[split]);
    if (components.size() == 1) {
      if (!directory) fail(split_folder + " is not a folder");
      walk_.split_seen[split] = true;
      return;
    }
    walk_.split_seen[split] = true;
    const std::string category(components[1]);
    if (components.size() == 2) {
      if (!directory) {
        fail("unexpected file directly in " + split_folder +
             " (a split folder holds only category folders)");
      }
      walk_.categories[split][category];  // the folder exists, with 0 or more articles
      return;
    }
    if (components.size() > 3 || directory) {
      fail("unexpected folder inside the category folder " + split_folder + category +
           "/ (articles are split/category/article)");
    }
    if (!regular) {
      fail("not a regular file (a link or special file); articles must be regular files");
    }
    ++walk_.categories[split][category];
    if (!walk_.wanted[split]) return;  // the next header skips its data

    FoundDocument document;
    document.category = category;
    document.name = std::string(components[2]);
    document.location = "member " + last_member_;
    read_member(reader, entry, stream);
    document.raw_size = raw_.size();
    document.text = latin1_to_utf8(raw_);
    walk_.documents[split].push_back(std::move(document));
  }

  void read_member(archive* reader, archive_entry* entry, const GzipStream& stream) {
    raw_.clear();
    if (archive_entry_size_is_set(entry) && archive_entry_size(entry) > 0) {
      raw_.reserve(
          std::min(static_cast<std::size_t>(archive_entry_size(entry)), kMostReservedBytes));
    }
    for (;;) {
      const la_ssize_t got = archive_read_data(reader, chunk_, kChunkBytes);
      if (got == 0) return;
      if (got < 0) fail_reading(reader, stream, "corrupt archive: ");
      raw_.append(chunk_, static_cast<std::size_t>(got));
    }
  }

  const std::string& path_;
  Walk& walk_;
  std::string last_member_;
  std::string raw_;  // the current member's bytes, reused: its capacity survives between members
  char chunk_[kChunkBytes];
};

// ---------------------------------------------------------------------------------------------
// The extracted folders

// The entries of `folder`, sorted by name; FileError on any filesystem error.
std::vector<fs::directory_entry> list_folder(const fs::path& folder) {
  std::error_code error;
  std::vector<fs::directory_entry> entries;
  fs::directory_iterator iterator(folder, error);
  for (; !error && iterator != fs::directory_iterator(); iterator.increment(error)) {
    entries.push_back(*iterator);
  }
  if (error) throw FileError(folder.string(), "cannot list the folder: " + error.message());
  std::sort(entries.begin(), entries.end(),
            [](const fs::directory_entry& a, const fs::directory_entry& b) {
              return a.path().filename() < b.path().filename();
            });
  return entries;
}

void walk_folders(const std::string& root, Walk& walk) {
  for (int split = 0; split < kSplitCount; ++split) {
    const fs::path split_path = fs::path(root) / kSplitFolders[split];
    std::error_code error;
    if (!fs::is_directory(split_path, error)) continue;  // assemble() reports it
    walk.split_seen[split] = true;
    for (const fs::directory_entry& category_entry : list_folder(split_path)) {
      const std::string category = category_entry.path().filename().string();
      if (is_hidden(category)) continue;
      if (!category_entry.is_directory(error)) {
        throw FileError(category_entry.path().string(),
                        "unexpected file directly in " + slash(kSplitFolders[split]) +
                            " (a split folder holds only category folders)");
      }
      std::size_t& articles = walk.categories[split][category];
      for (const fs::directory_entry& file_entry : list_folder(category_entry.path())) {
        const std::string name = file_entry.path().filename().string();
        const std::string file_path = file_entry.path().string();
        if (is_hidden(name)) continue;
        if (file_entry.is_directory(error)) {
          throw FileError(file_path,
                          "unexpected folder inside a category folder (articles are "
                          "split/category/article)");
        }
        if (!file_entry.is_regular_file(error)) {
          throw FileError(file_path, "not a regular file; articles must be regular files");
        }
        ++articles;
        if (!walk.wanted[split]) continue;
        FoundDocument document;
        document.category = category;
        document.name = name;
        document.location = "file " + file_path;
        const std::string raw = read_whole_file(file_path);
        document.raw_size = raw.size();
        document.text = latin1_to_utf8(raw);
        walk.documents[split].push_back(std::move(document));
      }
    }
  }
}

}  // namespace

std::uint64_t NewsgroupsDocuments::raw_bytes() const {
  return std::accumulate(raw_sizes.begin(), raw_sizes.end(), std::uint64_t{0});
}

BydateCorpus read_bydate(const std::string& path, BydateSplits splits) {
  Walk walk;
  walk.wanted[0] = splits != BydateSplits::test;
  walk.wanted[1] = splits != BydateSplits::train;
  std::error_code error;
  if (fs::is_directory(path, error)) {
    walk_folders(path, walk);
    return assemble(path, walk, "in this folder");
  }
  ArchiveWalker(path, walk).run();
  return assemble(path, walk, "in the archive");
}

}  // namespace glassbox
