// The bydate reader (datasets/newsgroups/archive_reader.hpp) on small archives written here with
// libarchive: labels from sorted folder names, article order, Latin-1 decoding, the archive and
// the extracted folders agreeing, and every damaged or misshapen input giving a FileError (or
// succeeding, where the header says so) rather than a crash.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "datasets/newsgroups/archive_reader.hpp"
#include "datasets/newsgroups/latin1.hpp"
#include "datasets/newsgroups/tokenizer.hpp"
#include "framework/errors.hpp"
#include "tests/idx_test_files.hpp"
#include "tests/test_newsgroups_archives.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_newsgroups_reader {

namespace fs = std::filesystem;
using glassbox::BydateCorpus;
using glassbox::BydateSplits;
using glassbox::FileError;
using glassbox::read_bydate;
using glassbox_test::Article;
using glassbox_test::bydate_members;
using glassbox_test::kTest;
using glassbox_test::kTrain;
using glassbox_test::Member;
using glassbox_test::TemporaryDirectory;
using glassbox_test::write_tar;

namespace {

// Three categories, given out of order, with ids that sort differently as numbers and as text.
std::vector<Article> small_corpus() {
  return {
      {kTrain, "sci.space", "100", "Subject: orbit\n\nThe orbit of the Moon.\n"},
      {kTrain, "alt.atheism", "9", "Subject: nine\n\nArticle nine.\n"},
      {kTrain, "alt.atheism", "10", "Subject: ten\n\nArticle ten.\n"},
      {kTrain, "comp.graphics", "55", "Subject: pixels\n\nPixels and polygons.\n"},
      {kTrain, "sci.space", "20", "Subject: launch\n\nLaunch window.\n"},
      {kTest, "comp.graphics", "7", "Subject: ray\n\nRay tracing.\n"},
      {kTest, "alt.atheism", "3", "Subject: three\n\nArticle three.\n"},
      {kTest, "sci.space", "1", "Subject: one\n\nMars.\n"},
  };
}

// The FileError that reading `path` throws; fails the test if it throws nothing or something else.
std::string read_error(const std::string& path, BydateSplits splits = BydateSplits::both) {
  try {
    read_bydate(path, splits);
  } catch (const FileError& error) {
    return error.what();
  } catch (const std::exception& error) {
    FAIL("reading " << path << " threw a non-FileError: " << error.what());
    return "";
  }
  FAIL("reading " << path << " did not throw");
  return "";
}

void check_mentions(const std::string& message, const std::string& part) {
  CHECK_MESSAGE(message.find(part) != std::string::npos,
                "expected \"" << part << "\" in: " << message);
}

// Reads `path` and reports whether it worked; any exception but FileError fails the test.
bool reads_or_file_error(const std::string& path) {
  try {
    const BydateCorpus corpus = read_bydate(path);
    for (const std::string& text : corpus.train.texts) {
      REQUIRE(glassbox_test::valid_utf8(text));
    }
    return true;
  } catch (const FileError&) {
    return false;
  } catch (const std::exception& error) {
    FAIL("not a FileError: " << error.what());
    return false;
  }
}

}  // namespace

TEST_CASE("labels follow the sorted category names; articles are ordered by label, then id") {
  TemporaryDirectory directory("test_newsgroups_reader");
  const std::string archive = directory.file("bydate.tar.gz");
  write_tar(archive, bydate_members(small_corpus()));

  const BydateCorpus corpus = read_bydate(archive);
  CHECK(corpus.source == archive);
  CHECK(corpus.class_names ==
        std::vector<std::string>{"alt.atheism", "comp.graphics", "sci.space"});
  CHECK(corpus.train.names == std::vector<std::string>{"alt.atheism/9", "alt.atheism/10",
                                                       "comp.graphics/55", "sci.space/20",
                                                       "sci.space/100"});
  CHECK(corpus.train.labels == glassbox::Labels{0, 0, 1, 2, 2});
  CHECK(corpus.test.names ==
        std::vector<std::string>{"alt.atheism/3", "comp.graphics/7", "sci.space/1"});
  CHECK(corpus.test.labels == glassbox::Labels{0, 1, 2});
  CHECK(corpus.train.texts[4] == "Subject: orbit\n\nThe orbit of the Moon.\n");
  CHECK(corpus.test.texts[2] == "Subject: one\n\nMars.\n");

  std::uint64_t train_bytes = 0;
  for (const Article& article : small_corpus()) {
    if (article.split == kTrain) train_bytes += article.content.size();
  }
  CHECK(corpus.train.raw_bytes() == train_bytes);
  CHECK(corpus.train.raw_sizes[4] == 39);
}

TEST_CASE("one split: the other stays empty, the labels stay the same") {
  TemporaryDirectory directory("test_newsgroups_reader");
  const std::string archive = directory.file("bydate.tar.gz");
  write_tar(archive, bydate_members(small_corpus()));
  const BydateCorpus test_only = read_bydate(archive, BydateSplits::test);
  CHECK(test_only.train.size() == 0);
  CHECK(test_only.test.size() == 3);
  CHECK(test_only.test.labels == glassbox::Labels{0, 1, 2});
  CHECK(test_only.class_names.size() == 3);
  const BydateCorpus train_only = read_bydate(archive, BydateSplits::train);
  CHECK(train_only.train.size() == 5);
  CHECK(train_only.test.size() == 0);
}

TEST_CASE("Latin-1 bytes become UTF-8; NUL and control bytes are kept") {
  TemporaryDirectory directory("test_newsgroups_reader");
  std::vector<Article> articles = small_corpus();
  // "Café" in Latin-1, a NUL, 0x80, 0xFF, and the ASCII control byte 0x01.
  articles[0].content = std::string("Caf\xE9\0x\x80\xFF\x01", 9);
  const std::string archive = directory.file("bydate.tar.gz");
  write_tar(archive, bydate_members(articles));
  const BydateCorpus corpus = read_bydate(archive);
  const std::string& text = corpus.train.texts[4];  // sci.space/100
  CHECK(text == std::string("Caf\xC3\xA9\0x\xC2\x80\xC3\xBF\x01", 12));
  CHECK(corpus.train.raw_sizes[4] == 9);
  CHECK(glassbox_test::valid_utf8(text));
}

TEST_CASE("latin1_to_utf8 maps every byte to its code point") {
  std::string all_bytes;
  for (int byte = 0; byte < 256; ++byte) all_bytes.push_back(static_cast<char>(byte));
  const std::string text = glassbox::latin1_to_utf8(all_bytes);
  REQUIRE(text.size() == 128 + 2 * 128);
  CHECK(glassbox_test::valid_utf8(text));
  CHECK(text.compare(0, 128, all_bytes, 0, 128) == 0);
  for (int byte = 0x80; byte < 0x100; ++byte) {
    // U+0080..U+00BF are C2 80..C2 BF, U+00C0..U+00FF are C3 80..C3 BF.
    const std::size_t at = 128 + 2 * static_cast<std::size_t>(byte - 0x80);
    CHECK(static_cast<unsigned char>(text[at]) == (byte < 0xC0 ? 0xC2 : 0xC3));
    CHECK(static_cast<unsigned char>(text[at + 1]) == (byte < 0xC0 ? byte : byte - 0x40));
  }
  CHECK(glassbox::latin1_to_utf8("") == "");
  CHECK(glassbox::latin1_to_utf8("plain ASCII") == "plain ASCII");
}

TEST_CASE("the extracted folders give the same corpus as the archive") {
  TemporaryDirectory directory("test_newsgroups_reader");
  std::vector<Article> articles = small_corpus();
  articles[1].content = "Na\xEFve \xC9t\xE9\n";
  const std::string archive = directory.file("bydate.tar.gz");
  write_tar(archive, bydate_members(articles));
  const std::string folder = directory.file("extracted");
  glassbox_test::write_folders(folder, articles);
  glassbox_test::write_bytes(folder + "/" + kTrain + "/alt.atheism/.DS_Store", "junk");

  const BydateCorpus from_archive = read_bydate(archive);
  const BydateCorpus from_folders = read_bydate(folder);
  CHECK(from_folders.source == folder);
  CHECK(from_folders.class_names == from_archive.class_names);
  for (const auto& [a, b] : {std::pair{&from_archive.train, &from_folders.train},
                             std::pair{&from_archive.test, &from_folders.test}}) {
    CHECK(a->texts == b->texts);
    CHECK(a->labels == b->labels);
    CHECK(a->names == b->names);
    CHECK(a->raw_sizes == b->raw_sizes);
  }
}

TEST_CASE("tolerated variations: ./ prefixes, no folder members, hidden files, other folders") {
  TemporaryDirectory directory("test_newsgroups_reader");
  std::vector<Member> members;
  for (const Article& article : small_corpus()) {
    members.push_back(
        {"./" + article.split + "/" + article.category + "/" + article.id, article.content});
  }
  members.push_back({"./README", "not an article"});
  members.push_back({"./other/alt.atheism/1", "not in a split"});
  members.push_back({std::string("./") + kTrain + "/sci.space/._100", "AppleDouble junk"});
  members.push_back({std::string("./") + kTrain + "/.hidden/1", "hidden category"});
  const std::string archive = directory.file("bydate.tar.gz");
  write_tar(archive, members);
  const BydateCorpus corpus = read_bydate(archive);
  CHECK(corpus.class_names.size() == 3);
  CHECK(corpus.train.size() == 5);
  CHECK(corpus.test.size() == 3);
}

TEST_CASE("an empty article is an empty document; binary junk is decoded, never a crash") {
  TemporaryDirectory directory("test_newsgroups_reader");
  std::vector<Article> articles = small_corpus();
  articles[2].content = "";  // alt.atheism/10
  std::mt19937 generator(5);
  std::string junk(100000, '\0');
  for (char& byte : junk) byte = static_cast<char>(generator() & 0xFF);
  articles[3].content = junk;                                       // comp.graphics/55
  articles[4].content = std::string(3'000'000, 'x') + "\n" + junk;  // sci.space/20: huge line
  const std::string archive = directory.file("bydate.tar.gz");
  write_tar(archive, bydate_members(articles));
  const BydateCorpus corpus = read_bydate(archive);
  CHECK(corpus.train.texts[1].empty());
  CHECK(corpus.train.raw_sizes[1] == 0);
  CHECK(corpus.train.raw_sizes[2] == junk.size());
  CHECK(glassbox_test::valid_utf8(corpus.train.texts[2]));
  CHECK(glassbox_test::valid_utf8(corpus.train.texts[3]));
  CHECK(corpus.train.texts[3].size() > 3'000'000);
  glassbox::Tokenizer tokenizer;
  const auto& tokens = tokenizer.tokenize(corpus.train.texts[3]);
  REQUIRE(!tokens.empty());
  CHECK(tokens.front().size() == 3'000'000);
}

TEST_CASE("an uncompressed tar is read unless its name promises gzip") {
  TemporaryDirectory directory("test_newsgroups_reader");
  const std::string plain = directory.file("bydate.tar");
  write_tar(plain, bydate_members(small_corpus()), /*gzip=*/false);
  CHECK(read_bydate(plain).train.size() == 5);
  const std::string misnamed = directory.file("bydate.tar.gz");
  write_tar(misnamed, bydate_members(small_corpus()), /*gzip=*/false);
  check_mentions(read_error(misnamed), "not gzip-compressed although the name ends in .gz");
}

TEST_CASE("missing, empty and non-archive files") {
  TemporaryDirectory directory("test_newsgroups_reader");
  const std::string missing = directory.file("absent.tar.gz");
  std::string message = read_error(missing);
  check_mentions(message, missing);
  check_mentions(message, "no such file");

  const std::string empty = directory.file("empty.tar.gz");
  glassbox_test::write_bytes(empty, "");
  check_mentions(read_error(empty), "empty file");

  const std::string text = directory.file("notes.tar");
  glassbox_test::write_bytes(text, std::string(2000, 'z'));
  message = read_error(text);
  check_mentions(message, text);
  check_mentions(message, "not a readable tar archive");

  const std::string junk = directory.file("junk.tar.gz");
  std::mt19937 generator(11);
  std::string bytes(5000, '\0');
  for (char& byte : bytes) byte = static_cast<char>(generator() & 0xFF);
  glassbox_test::write_bytes(junk, bytes);
  check_mentions(read_error(junk), junk);

  // gzip-compressed, but not a tar inside.
  const std::string gzipped_text = directory.file("text.tar.gz");
  glassbox_test::write_gzip(gzipped_text, glassbox_test::Bytes(3000, 'q'));
  check_mentions(read_error(gzipped_text), "not a readable tar archive");
}

TEST_CASE("a truncated archive is a FileError at every cut") {
  TemporaryDirectory directory("test_newsgroups_reader");
  const std::string archive = directory.file("bydate.tar.gz");
  write_tar(archive, bydate_members(small_corpus()));
  const std::string bytes = glassbox_test::read_bytes(archive);
  const std::string cut = directory.file("cut.tar.gz");
  for (std::size_t length = 1; length + 8 < bytes.size(); length += 7) {
    CAPTURE(length);
    glassbox_test::write_bytes(cut, bytes.substr(0, length));
    const std::string message = read_error(cut);
    check_mentions(message, cut);
  }
  // The same for an uncompressed tar: cut inside an article's data.
  const std::string plain = directory.file("bydate.tar");
  write_tar(plain, bydate_members(small_corpus()), false);
  const std::string plain_bytes = glassbox_test::read_bytes(plain);
  glassbox_test::write_bytes(plain, plain_bytes.substr(0, 512 * 9 + 100));
  check_mentions(read_error(plain), "member");
}

TEST_CASE("random damage to the archive gives a FileError or a readable corpus, never a crash") {
  TemporaryDirectory directory("test_newsgroups_reader");
  std::mt19937 generator(1);
  // gzip-compressed: the CRC check catches damage anywhere. Uncompressed: damage in the tar
  // headers reaches libarchive's header parsing, and damage in the text goes unnoticed.
  for (const bool gzip : {true, false}) {
    CAPTURE(gzip);
    const std::string archive = directory.file(gzip ? "bydate.tar.gz" : "bydate.tar");
    write_tar(archive, bydate_members(small_corpus()), gzip);
    const std::string bytes = glassbox_test::read_bytes(archive);
    const std::string damaged = directory.file(gzip ? "damaged.tar.gz" : "damaged.tar");
    int errors = 0;
    for (int trial = 0; trial < 300; ++trial) {
      std::string copy = bytes;
      const int flips = 1 + static_cast<int>(generator() % 4);
      for (int flip = 0; flip < flips; ++flip) {
        // Uncompressed, aim at the first 8 KiB: the folder headers, then the articles (headers
        // and text); the rest is zero padding.
        const std::size_t span = gzip ? copy.size() : std::min<std::size_t>(copy.size(), 8192);
        copy[generator() % span] ^= static_cast<char>(1 + generator() % 255);
      }
      glassbox_test::write_bytes(damaged, copy);
      CAPTURE(trial);
      if (!reads_or_file_error(damaged)) ++errors;
    }
    // Most damage is detected; the count shows that the check above was exercised.
    CHECK(errors > (gzip ? 250 : 50));
  }
}

TEST_CASE("structural problems are FileErrors naming the problem") {
  TemporaryDirectory directory("test_newsgroups_reader");
  const std::string archive = directory.file("bydate.tar.gz");
  auto error_for = [&](const std::vector<Member>& members) {
    write_tar(archive, members);
    return read_error(archive);
  };
  std::vector<Article> articles = small_corpus();

  SUBCASE("a missing split folder") {
    std::vector<Article> train_only;
    for (const Article& article : articles) {
      if (article.split == kTrain) train_only.push_back(article);
    }
    std::vector<Member> members = bydate_members(train_only);
    members.push_back({"20news-bydate-tests/alt.atheism/1", "misnamed"});
    const std::string message = error_for(members);
    check_mentions(message, archive);
    check_mentions(message, "no 20news-bydate-test/ folder in the archive");
    check_mentions(message, "found instead: 20news-bydate-tests/");
    // Reading only the train split still needs the test folder: the labels depend on it.
    write_tar(archive, bydate_members(train_only));
    check_mentions(read_error(archive, BydateSplits::train), "no 20news-bydate-test/ folder");
  }
  SUBCASE("an archive packed one folder deeper") {
    std::vector<Member> members;
    for (const Member& member : bydate_members(articles)) {
      members.push_back({"20news/" + member.path, member.content, member.kind});
    }
    check_mentions(error_for(members), "found instead: 20news/");
  }
  SUBCASE("a category missing from one split") {
    articles.push_back({kTrain, "rec.autos", "5", "cars"});
    check_mentions(error_for(bydate_members(articles)),
                   "category folder rec.autos/ is in 20news-bydate-train/ but missing from "
                   "20news-bydate-test/");
  }
  SUBCASE("an empty category folder") {
    std::vector<Member> members = bydate_members(articles);
    members.push_back({std::string(kTrain) + "/rec.autos/", "", Member::Kind::folder});
    members.push_back({std::string(kTest) + "/rec.autos/", "", Member::Kind::folder});
    members.push_back({std::string(kTest) + "/rec.autos/1", "a car"});
    check_mentions(error_for(members), "20news-bydate-train/rec.autos/ holds no articles");
    // Also when only the other split is read: the structure of both is always checked.
    check_mentions(read_error(archive, BydateSplits::test), "rec.autos/ holds no articles");
  }
  SUBCASE("no documents at all") {
    const std::vector<Member> members = {{std::string(kTrain) + "/", "", Member::Kind::folder},
                                         {std::string(kTest) + "/", "", Member::Kind::folder}};
    check_mentions(error_for(members), "no category folders");
  }
  SUBCASE("a file directly in a split folder") {
    std::vector<Member> members = bydate_members(articles);
    members.push_back({std::string(kTest) + "/stray", "text"});
    const std::string message = error_for(members);
    check_mentions(message, "unexpected file directly in 20news-bydate-test/");
    check_mentions(message, "member 20news-bydate-test/stray");
  }
  SUBCASE("a folder inside a category") {
    std::vector<Member> members = bydate_members(articles);
    members.push_back({std::string(kTest) + "/sci.space/more/1", "text"});
    check_mentions(error_for(members), "unexpected folder inside the category folder");
  }
  SUBCASE("links") {
    std::vector<Member> members = bydate_members(articles);
    members.push_back({std::string(kTest) + "/sci.space/2", "1", Member::Kind::symlink});
    check_mentions(error_for(members), "not a regular file");
    members.back().kind = Member::Kind::hardlink;
    members.back().content = std::string(kTest) + "/sci.space/1";
    check_mentions(error_for(members), "not a regular file");
  }
  SUBCASE("the same article twice") {
    std::vector<Member> members = bydate_members(articles);
    members.push_back({std::string(kTrain) + "/sci.space/20", "again"});
    check_mentions(error_for(members), "duplicate article sci.space/20");
  }
}

TEST_CASE("folder structure problems name the file on disk") {
  TemporaryDirectory directory("test_newsgroups_reader");
  const std::string root = directory.file("extracted");
  glassbox_test::write_folders(root, small_corpus());

  SUBCASE("a missing split folder") {
    fs::remove_all(fs::path(root) / kTest);
    check_mentions(read_error(root), "no 20news-bydate-test/ folder in this folder");
  }
  SUBCASE("a category missing from one split") {
    fs::remove_all(fs::path(root) / kTest / "comp.graphics");
    check_mentions(read_error(root), "comp.graphics/ is in 20news-bydate-train/ but missing");
  }
  SUBCASE("a file directly in a split folder") {
    const std::string stray = root + "/" + kTrain + "/stray";
    glassbox_test::write_bytes(stray, "x");
    check_mentions(read_error(root), stray);
  }
  SUBCASE("a folder inside a category") {
    fs::create_directories(fs::path(root) / kTest / "sci.space" / "deeper");
    check_mentions(read_error(root), "unexpected folder inside a category folder");
  }
  SUBCASE("an empty category folder") {
    fs::remove(fs::path(root) / kTest / "sci.space" / "1");
    check_mentions(read_error(root), "20news-bydate-test/sci.space/ holds no articles");
  }
}

}  // namespace test_newsgroups_reader
