// 20 Newsgroups on the real archive: document counts, per-category counts and byte counts against
// the figures measured in shared/data/README.md, the Latin-1 files, the cleaning rules and the
// features on the full data, and the time each step takes (printed, not asserted to the
// millisecond: CI machines differ).
//
// Needs <data>/20news/20news-bydate.tar.gz (GLASSBOX_DATA or ./data). Without it the tests are
// skipped with a message, except under CI (CI=true), where missing data is a failure.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "datasets/data_directory.hpp"
#include "datasets/newsgroups/archive_reader.hpp"
#include "datasets/newsgroups/features.hpp"
#include "datasets/newsgroups/newsgroups.hpp"
#include "datasets/newsgroups/tokenizer.hpp"
#include "datasets/newsgroups/vocabulary.hpp"
#include "tests/real_data.hpp"
#include "tests/test_newsgroups_archives.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_newsgroups_real {

namespace {

bool newsgroups_available() {
  return glassbox::testing::data_available({"20news/20news-bydate.tar.gz"});
}

std::string archive_path() {
  return glassbox::data_file("20news/20news-bydate.tar.gz");
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// shared/data/README.md, section 2, "Verification (measured)".
const std::vector<std::string> kCategories = {
    "alt.atheism",
    "comp.graphics",
    "comp.os.ms-windows.misc",
    "comp.sys.ibm.pc.hardware",
    "comp.sys.mac.hardware",
    "comp.windows.x",
    "misc.forsale",
    "rec.autos",
    "rec.motorcycles",
    "rec.sport.baseball",
    "rec.sport.hockey",
    "sci.crypt",
    "sci.electronics",
    "sci.med",
    "sci.space",
    "soc.religion.christian",
    "talk.politics.guns",
    "talk.politics.mideast",
    "talk.politics.misc",
    "talk.religion.misc",
};
const std::vector<std::size_t> kTrainCounts = {480, 584, 591, 590, 578, 593, 585, 594, 598, 597,
                                               600, 595, 591, 594, 593, 599, 546, 564, 465, 377};
const std::vector<std::size_t> kTestCounts = {319, 389, 394, 392, 385, 395, 390, 396, 398, 397,
                                              399, 396, 393, 396, 394, 398, 364, 376, 310, 251};

std::vector<std::size_t> histogram(const glassbox::Labels& labels, std::size_t classes) {
  std::vector<std::size_t> counts(classes, 0);
  for (int label : labels) {
    REQUIRE(label >= 0);
    REQUIRE(static_cast<std::size_t>(label) < classes);
    ++counts[static_cast<std::size_t>(label)];
  }
  return counts;
}

}  // namespace

TEST_CASE("20news archive: counts, categories, bytes, Latin-1 files; timings") {
  if (!newsgroups_available()) return;
  auto start = std::chrono::steady_clock::now();
  const glassbox::BydateCorpus corpus = glassbox::read_bydate(archive_path());
  const double read_seconds = seconds_since(start);

  CHECK(corpus.class_names == kCategories);
  CHECK(corpus.train.size() == 11314);
  CHECK(corpus.test.size() == 7532);
  CHECK(histogram(corpus.train.labels, 20) == kTrainCounts);
  CHECK(histogram(corpus.test.labels, 20) == kTestCounts);
  CHECK(corpus.train.raw_bytes() == 22054477);
  CHECK(corpus.test.raw_bytes() == 13800391);

  // 73 files hold bytes >= 0x80 (44 of them in train); each such byte grows by one in UTF-8.
  std::size_t latin1_files = 0, latin1_train_files = 0;
  for (const glassbox::NewsgroupsDocuments* split : {&corpus.train, &corpus.test}) {
    for (std::size_t index = 0; index < split->size(); ++index) {
      REQUIRE(glassbox_test::valid_utf8(split->texts[index]));
      if (split->texts[index].size() != split->raw_sizes[index]) {
        ++latin1_files;
        if (split == &corpus.train) ++latin1_train_files;
      }
    }
  }
  CHECK(latin1_files == 73);
  CHECK(latin1_train_files == 44);
  // Every article starts with its headers; ordered by numeric id within a category.
  CHECK(corpus.train.texts.front().compare(0, 6, "From: ") == 0);
  CHECK(corpus.train.names.front() == "alt.atheism/49960");

  // Timings of each step on the whole data set.
  start = std::chrono::steady_clock::now();
  glassbox::Tokenizer tokenizer;
  std::size_t tokens = 0, bytes = 0;
  for (const glassbox::NewsgroupsDocuments* split : {&corpus.train, &corpus.test}) {
    for (const std::string& text : split->texts) {
      tokens += tokenizer.tokenize(text).size();
      bytes += text.size();
    }
  }
  const double tokenize_seconds = seconds_since(start);

  start = std::chrono::steady_clock::now();
  const glassbox::Vocabulary vocabulary = glassbox::Vocabulary::build(corpus.train.texts);
  const double vocabulary_seconds = seconds_since(start);

  start = std::chrono::steady_clock::now();
  const std::vector<double> idf = glassbox::inverse_document_frequencies(vocabulary);
  const glassbox::SparseMatrix train_tfidf = glassbox::tfidf(
      glassbox::bag_of_words(glassbox::encode_documents(corpus.train.texts, vocabulary),
                             vocabulary.size()),
      idf);
  const glassbox::SparseMatrix test_tfidf = glassbox::tfidf(
      glassbox::bag_of_words(glassbox::encode_documents(corpus.test.texts, vocabulary),
                             vocabulary.size()),
      idf);
  const double tfidf_seconds = seconds_since(start);

  MESSAGE("20news: read (decompress, untar, decode both splits) "
          << read_seconds << " s; tokenize " << bytes / 1e6 << " MB into " << tokens << " tokens "
          << tokenize_seconds << " s; vocabulary on train (" << vocabulary.size() << " words) "
          << vocabulary_seconds << " s; tf-idf of both splits (tokenize, look up, count, weigh) "
          << tfidf_seconds << " s");
  WARN_MESSAGE(read_seconds < 3.0, "reading the archive took " << read_seconds << " s");

  // Token counts pin the tokenizer's rule: a change here means the rule changed.
  CHECK(tokens == 5465276);
  CHECK(vocabulary.size() == 126495);
  CHECK(vocabulary.document_count() == 11314);
  train_tfidf.check();
  test_tfidf.check();
  CHECK(train_tfidf.rows == 11314);
  CHECK(test_tfidf.rows == 7532);
  for (std::size_t row = 0; row < train_tfidf.rows; ++row) {
    double squared = 0.0;
    for (std::size_t entry = train_tfidf.row_offsets[row]; entry < train_tfidf.row_offsets[row + 1];
         ++entry) {
      squared += static_cast<double>(train_tfidf.values[entry]) * train_tfidf.values[entry];
    }
    // Every training article has words, all of them in the vocabulary built on it.
    REQUIRE(std::abs(squared - 1.0) < 1e-5);
  }
}

TEST_CASE("20news loader: cleaned articles, a capped vocabulary, dense inputs for training") {
  if (!newsgroups_available()) return;
  glassbox::NewsgroupsOptions options;
  options.cleaning = {true, true, true};
  options.vocabulary.min_document_frequency = 2;
  options.vocabulary.max_size = 2000;
  options.vocabulary.remove_stop_words = true;
  options.keep_texts = true;
  const glassbox::Newsgroups news = glassbox::load_newsgroups(options);
  MESSAGE("20news load_newsgroups (all cleaning, 2000 words, tf-idf): read "
          << news.timings.read << " s, cleaning " << news.timings.cleaning << " s, vocabulary "
          << news.timings.vocabulary << " s, encoding " << news.timings.encoding << " s, features "
          << news.timings.features << " s, total " << news.timings.total() << " s");
  CHECK(news.train.size() == 11314);
  CHECK(news.test.size() == 7532);
  CHECK(news.train.raw_bytes == 22054477);
  CHECK(news.vocabulary.size() == 2000);
  CHECK(!news.vocabulary.contains("the"));
  CHECK(histogram(news.test.labels, 20) == kTestCounts);

  // The cleaning rules hold on every article: no attribution or quote line is left.
  for (const std::string& text : news.train.texts) {
    std::size_t begin = 0;
    while (begin < text.size()) {
      const std::size_t end = std::min(text.find('\n', begin), text.size());
      std::string_view line(text.data() + begin, end - begin);
      while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
        line.remove_suffix(1);
      }
      REQUIRE(line.substr(0, 1) != ">");
      REQUIRE(!(line.size() >= 7 && line.substr(line.size() - 7) == "writes:"));
      begin = end + 1;
    }
  }
  // Header words of every article are gone from the vocabulary.
  CHECK(!news.vocabulary.contains("nntp"));

  const glassbox::LabeledData train = glassbox::to_labeled_data(news.train, news.class_names);
  CHECK(train.inputs.shape() == std::vector<std::size_t>{11314, 2000});
  CHECK(train.class_count() == 20);
}

}  // namespace test_newsgroups_real
