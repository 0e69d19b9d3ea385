// Reader for the "bydate" release of 20 Newsgroups (Ken Lang's collection, split by Jason Rennie).
//
// Layout, as archive members or as folders on disk:
//   20news-bydate-train/<category>/<article id>    the older 60%: 11,314 articles
//   20news-bydate-test/<category>/<article id>     the newer 40%:  7,532 articles
// Both splits hold the same 20 category folders. Each article is one Latin-1 text file: headers
// (From, Subject, Lines, ...), a blank line, then the body.
//
// Sources:
//   - the archive `20news-bydate.tar.gz`, read as one stream: zlib decompresses it (and checks
//     the gzip CRC-32 and length at the end, so damaged data cannot pass silently) and libarchive
//     reads the tar from the decompressed bytes. Nothing is extracted to disk, and one pass reads
//     both splits. A plain (uncompressed) tar is read too, but a name ending in .gz or .tgz must
//     be gzip-compressed.
//   - a folder holding the extracted `20news-bydate-train/` and `20news-bydate-test/`.
//
// Conventions:
//   - Labels: a category's position among all category names sorted by byte value, so
//     alt.atheism = 0, comp.graphics = 1, ..., talk.religion.misc = 19, the same in both splits.
//   - Order: by label, then by article id (numerically when both ids are numbers; numbers first).
//     The archive and the extracted folders give the same documents in the same order.
//   - Text: each file's bytes are decoded from Latin-1 to UTF-8 (latin1.hpp); nothing else is
//     changed. An empty file is an empty document, not an error.
//   - Ignored: names starting with '.' below a split folder (.DS_Store, ._ files) and everything
//     outside the two split folders.
//
// Errors are glassbox::FileError naming the file (the archive, or the file on disk) and the
// problem, with the archive member as the position: a missing or empty file, something that is not
// a tar archive, corrupt or truncated gzip or tar data, a missing split folder, a category folder
// present in one split and missing from the other, a category folder with no articles, an
// unexpected file or folder inside a split, links and special files, duplicate members.
// Both splits' folder structure is always checked, even when only one split is read, so that the
// labels of a split read alone are the labels it has when both are read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "framework/tensor.hpp"

namespace glassbox {

inline constexpr char kBydateTrainFolder[] = "20news-bydate-train";
inline constexpr char kBydateTestFolder[] = "20news-bydate-test";

// Which splits to decode. The structure of both is checked in every case.
enum class BydateSplits { train, test, both };

// The articles of one split, in label-then-article-id order; all vectors have N entries.
struct NewsgroupsDocuments {
  std::vector<std::string> texts;      // UTF-8, decoded from Latin-1; headers still in
  Labels labels;                       // indices into BydateCorpus::class_names
  std::vector<std::string> names;      // "category/article id", e.g. "sci.space/59848"
  std::vector<std::size_t> raw_sizes;  // file sizes in bytes, before decoding

  std::size_t size() const { return texts.size(); }
  std::uint64_t raw_bytes() const;  // sum of raw_sizes: the split's bytes as stored
};

struct BydateCorpus {
  std::string source;                    // the archive or folder that was read
  std::vector<std::string> class_names;  // K category names, sorted by byte value
  NewsgroupsDocuments train, test;       // a split that was not asked for stays empty
};

// Reads `path`: a tar archive (normally 20news-bydate.tar.gz) or a folder holding
// 20news-bydate-train/ and 20news-bydate-test/. Throws FileError as described above.
BydateCorpus read_bydate(const std::string& path, BydateSplits splits = BydateSplits::both);

}  // namespace glassbox
