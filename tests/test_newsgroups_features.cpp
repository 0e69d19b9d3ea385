// Text features (datasets/newsgroups/features.hpp, sparse_matrix.hpp, sparse_batches.hpp) and the
// loader that puts the pipeline together (newsgroups.hpp), on corpora small enough to work out by
// hand: tf-idf values computed on paper for a 3-document corpus, a naive recomputation straight
// from the equations, sequences with truncation, padding and out-of-vocabulary ids, sparse rows
// as training batches, and the loader on a generated archive.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "datasets/newsgroups/features.hpp"
#include "datasets/newsgroups/newsgroups.hpp"
#include "datasets/newsgroups/sparse_batches.hpp"
#include "datasets/newsgroups/sparse_matrix.hpp"
#include "datasets/newsgroups/tokenizer.hpp"
#include "datasets/newsgroups/vocabulary.hpp"
#include "framework/errors.hpp"
#include "tests/idx_test_files.hpp"
#include "tests/test_newsgroups_archives.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_newsgroups_features {

using glassbox::EncodedDocuments;
using glassbox::SparseMatrix;
using glassbox::Tensor;
using glassbox::Vocabulary;
using glassbox_test::Article;
using glassbox_test::kTest;
using glassbox_test::kTrain;

namespace {

constexpr double kTolerance = 1e-6;  // float storage of values computed in double

// Vocabulary (by df, ties by word): banana 2, cherry 2, apple 1, date 1; n = 3.
const std::vector<std::string> kFruit = {
    "apple banana apple",
    "banana cherry",
    "cherry cherry date",
};

double squared_row_norm(const SparseMatrix& matrix, std::size_t row) {
  double sum = 0.0;
  for (std::size_t entry = matrix.row_offsets[row]; entry < matrix.row_offsets[row + 1]; ++entry) {
    sum += static_cast<double>(matrix.values[entry]) * matrix.values[entry];
  }
  return sum;
}

// tf-idf straight from the equations of features.hpp, sharing nothing with it but the tokenizer
// and the vocabulary: counts in a std::map, then idf, product and normalisation in plain loops.
std::vector<std::vector<double>> naive_tfidf(const std::vector<std::string>& documents,
                                             const Vocabulary& vocabulary, bool sublinear) {
  const double n = static_cast<double>(vocabulary.document_count());
  std::vector<std::vector<double>> rows;
  for (const std::string& document : documents) {
    std::map<std::string, int> counts;
    for (const std::string& token : glassbox::tokenize(document)) ++counts[token];
    std::vector<double> row(vocabulary.size(), 0.0);
    for (const auto& [word, count] : counts) {
      const std::int32_t index = vocabulary.index(word);
      if (index < 0) continue;
      const double df = static_cast<double>(vocabulary.document_frequency(index));
      const double tf = sublinear ? 1.0 + std::log(count) : count;
      row[index] = tf * (std::log((1.0 + n) / (1.0 + df)) + 1.0);
    }
    double norm = 0.0;
    for (double value : row) norm += value * value;
    norm = std::sqrt(norm);
    if (norm > 0.0) {
      for (double& value : row) value /= norm;
    }
    rows.push_back(row);
  }
  return rows;
}

void check_matches(const SparseMatrix& matrix, const std::vector<std::vector<double>>& expected) {
  REQUIRE(matrix.rows == expected.size());
  const Tensor dense = matrix.densify();
  for (std::size_t row = 0; row < matrix.rows; ++row) {
    for (std::size_t column = 0; column < matrix.columns; ++column) {
      CHECK(std::abs(dense(row, column) - expected[row][column]) < kTolerance);
    }
  }
}

}  // namespace

TEST_CASE("encoding and bag-of-words counts") {
  const Vocabulary vocabulary = Vocabulary::build(kFruit);
  REQUIRE(vocabulary.words() == std::vector<std::string>{"banana", "cherry", "apple", "date"});
  const EncodedDocuments encoded =
      glassbox::encode_documents({"apple kiwi apple", "", "Date? DATE! banana"}, vocabulary);
  CHECK(encoded.size() == 3);
  CHECK(encoded.ids == std::vector<std::int32_t>{2, glassbox::kOutOfVocabulary, 2, 3, 3, 0});
  CHECK(encoded.offsets == std::vector<std::size_t>{0, 3, 3, 6});

  const SparseMatrix counts = glassbox::bag_of_words(encoded, vocabulary.size());
  counts.check();
  CHECK(counts.rows == 3);
  CHECK(counts.columns == 4);
  CHECK(counts.row_offsets == std::vector<std::size_t>{0, 1, 1, 3});
  CHECK(counts.column_indices == std::vector<std::uint32_t>{2, 0, 3});
  CHECK(counts.values == std::vector<float>{2, 1, 2});
  CHECK(counts.at(0, 2) == 2.0f);
  CHECK(counts.at(0, 0) == 0.0f);
  CHECK(counts.at(1, 3) == 0.0f);
}

TEST_CASE("stop words of a vocabulary built without them are dropped, not out of vocabulary") {
  glassbox::VocabularyOptions options;
  options.remove_stop_words = true;
  const Vocabulary vocabulary = Vocabulary::build({"the orbit of the moon"}, options);
  CHECK(vocabulary.words() == std::vector<std::string>{"moon", "orbit"});
  const EncodedDocuments encoded =
      glassbox::encode_documents({"the moon and the comet"}, vocabulary);
  CHECK(encoded.ids == std::vector<std::int32_t>{0, glassbox::kOutOfVocabulary});
  // Built with stop words, the same tokens are ordinary words or out of vocabulary.
  const Vocabulary with_stop_words = Vocabulary::build({"the orbit of the moon"});
  const EncodedDocuments all = glassbox::encode_documents({"the moon and"}, with_stop_words);
  CHECK(all.ids == std::vector<std::int32_t>{with_stop_words.index("the"),
                                             with_stop_words.index("moon"),
                                             glassbox::kOutOfVocabulary});
}

TEST_CASE("tf-idf on three documents, worked out by hand") {
  const Vocabulary vocabulary = Vocabulary::build(kFruit);
  const std::vector<double> idf = glassbox::inverse_document_frequencies(vocabulary);
  // idf = ln((1 + 3) / (1 + df)) + 1: df 2 gives 1 + ln(4/3), df 1 gives 1 + ln 2.
  CHECK(idf[0] == doctest::Approx(1.2876820724517808).epsilon(1e-12));
  CHECK(idf[1] == doctest::Approx(1.2876820724517808).epsilon(1e-12));
  CHECK(idf[2] == doctest::Approx(1.6931471805599454).epsilon(1e-12));
  CHECK(idf[3] == doctest::Approx(1.6931471805599454).epsilon(1e-12));

  const EncodedDocuments encoded = glassbox::encode_documents(kFruit, vocabulary);
  const SparseMatrix counts = glassbox::bag_of_words(encoded, vocabulary.size());
  const SparseMatrix weights = glassbox::tfidf(counts, idf);
  weights.check();
  // Document 0: banana 1·1.28768, apple 2·1.69315, divided by their norm 3.62288.
  CHECK(std::abs(weights.at(0, 0) - 0.35543246785041743) < kTolerance);
  CHECK(std::abs(weights.at(0, 2) - 0.9347019636214327) < kTolerance);
  // Document 1: banana and cherry, equal weights: 1/sqrt(2) each.
  CHECK(std::abs(weights.at(1, 0) - 0.7071067811865476) < kTolerance);
  CHECK(std::abs(weights.at(1, 1) - 0.7071067811865476) < kTolerance);
  // Document 2: cherry 2·1.28768, date 1.69315.
  CHECK(std::abs(weights.at(2, 1) - 0.8355915419449176) < kTolerance);
  CHECK(std::abs(weights.at(2, 3) - 0.5493512310263033) < kTolerance);
  CHECK(weights.at(2, 0) == 0.0f);

  glassbox::TfidfOptions sublinear;
  sublinear.sublinear_tf = true;  // tf 2 becomes 1 + ln 2
  const SparseMatrix damped = glassbox::tfidf(counts, idf, sublinear);
  CHECK(std::abs(damped.at(0, 0) - 0.4097416099937816) < kTolerance);
  CHECK(std::abs(damped.at(0, 2) - 0.9122016295971542) < kTolerance);
  CHECK(std::abs(damped.at(2, 1) - 0.7898069290660905) < kTolerance);
  CHECK(std::abs(damped.at(2, 3) - 0.6133555370249717) < kTolerance);

  CHECK_THROWS_AS(glassbox::tfidf(counts, {1.0, 2.0}), glassbox::ArgumentError);
}

TEST_CASE("tf-idf: unseen documents use the training idf; empty rows stay zero") {
  const Vocabulary vocabulary = Vocabulary::build(kFruit);
  const std::vector<std::string> unseen = {"apple kiwi kiwi", "kiwi", "", "Cherry banana DATE"};
  const SparseMatrix weights = glassbox::tfidf(
      glassbox::bag_of_words(glassbox::encode_documents(unseen, vocabulary), vocabulary.size()),
      glassbox::inverse_document_frequencies(vocabulary));
  CHECK(weights.at(0, 2) == doctest::Approx(1.0));  // apple alone: normalised to 1
  CHECK(squared_row_norm(weights, 1) == 0.0);
  CHECK(squared_row_norm(weights, 2) == 0.0);
  check_matches(weights, naive_tfidf(unseen, vocabulary, false));
}

TEST_CASE("tf-idf equals a naive recomputation on a larger corpus") {
  std::vector<std::string> documents;
  const char* words[] = {"orbit", "moon", "launch", "the", "pixel", "Polygon", "Ray", "mars"};
  for (int document = 0; document < 40; ++document) {
    std::string text;
    for (int token = 0; token < 3 + document % 11; ++token) {
      text += std::string(words[(document * 7 + token * token) % 8]) + " ";
    }
    documents.push_back(text);
  }
  glassbox::VocabularyOptions options;
  options.max_size = 6;
  const Vocabulary vocabulary = Vocabulary::build(documents, options);
  const SparseMatrix counts =
      glassbox::bag_of_words(glassbox::encode_documents(documents, vocabulary), vocabulary.size());
  const std::vector<double> idf = glassbox::inverse_document_frequencies(vocabulary);
  check_matches(glassbox::tfidf(counts, idf), naive_tfidf(documents, vocabulary, false));
  glassbox::TfidfOptions sublinear;
  sublinear.sublinear_tf = true;
  check_matches(glassbox::tfidf(counts, idf, sublinear), naive_tfidf(documents, vocabulary, true));
}

TEST_CASE("sequences: ids shifted by 2, 1 for unknown words, cut at T, padded with 0") {
  const Vocabulary vocabulary = Vocabulary::build(kFruit);  // banana 0, cherry 1, apple 2, date 3
  const EncodedDocuments encoded = glassbox::encode_documents(
      {"apple kiwi banana", "date date cherry banana apple banana", ""}, vocabulary);
  const Tensor sequences = glassbox::token_sequences(encoded, 4);
  REQUIRE(sequences.shape() == std::vector<std::size_t>{3, 4});
  const std::vector<float> expected = {4, 1, 2, 0,   // padded after 3 tokens
                                       5, 5, 3, 2,   // the first 4 of 6 tokens
                                       0, 0, 0, 0};  // an empty document is all padding
  CHECK(std::vector<float>(sequences.begin(), sequences.end()) == expected);
  CHECK(glassbox::kPaddingId == 0);
  CHECK(glassbox::kOutOfVocabularyId == 1);
  CHECK(glassbox::kFirstWordId == 2);
  CHECK_THROWS_AS(glassbox::token_sequences(encoded, 0), glassbox::ArgumentError);
}

// A 3×4 matrix with an empty middle row:  [0 1.5 0 −2; 0 0 0 0; 7 0 0 0].
static SparseMatrix three_by_four() {
  SparseMatrix matrix;
  matrix.rows = 3;
  matrix.columns = 4;
  matrix.row_offsets = {0, 2, 2, 3};
  matrix.column_indices = {1, 3, 0};
  matrix.values = {1.5f, -2.0f, 7.0f};
  return matrix;
}

TEST_CASE("sparse matrix: dense rows, gathered rows, checks") {
  SparseMatrix matrix = three_by_four();
  matrix.check();
  const Tensor rows = matrix.densify_rows(1, 3);
  REQUIRE(rows.shape() == std::vector<std::size_t>{2, 4});
  CHECK(std::vector<float>(rows.begin(), rows.end()) == std::vector<float>{0, 0, 0, 0, 7, 0, 0, 0});
  const Tensor gathered = matrix.gather_rows({2, 0, 2});
  CHECK(std::vector<float>(gathered.begin(), gathered.end()) ==
        std::vector<float>{7, 0, 0, 0, 0, 1.5f, 0, -2, 7, 0, 0, 0});
  CHECK(matrix.densify_rows(3, 3).shape() == std::vector<std::size_t>{0, 4});
  CHECK_THROWS_AS(matrix.densify_rows(2, 4), glassbox::ArgumentError);
  CHECK_THROWS_AS(matrix.densify_rows(2, 1), glassbox::ArgumentError);
  CHECK_THROWS_AS(matrix.gather_rows({3}), glassbox::ArgumentError);
  CHECK_THROWS_AS(matrix.at(0, 4), glassbox::ArgumentError);

  SparseMatrix broken = matrix;
  broken.column_indices = {3, 1, 0};
  CHECK_THROWS_WITH_AS(broken.check(), doctest::Contains("not strictly ascending in row 0"),
                       glassbox::ArgumentError);
  broken = matrix;
  broken.column_indices[2] = 4;
  CHECK_THROWS_WITH_AS(broken.check(), doctest::Contains("column 4 out of range"),
                       glassbox::ArgumentError);
  broken = matrix;
  broken.row_offsets = {0, 2, 3};
  CHECK_THROWS_AS(broken.check(), glassbox::ArgumentError);
  CHECK(SparseMatrix{}.densify().size() == 0);
}

// ---------------------------------------------------------------------------------------------
// The loader, on a generated archive in a made-up data directory

namespace {

std::vector<Article> loader_corpus() {
  const std::string header = "From: poster@example.edu\nSubject: Re: question\nLines: 3\n\n";
  return {
      {kTrain, "sci.space", "2", header + "The orbit of the moon.\n--\nPoster\n"},
      {kTrain, "sci.space", "1", header + "Launch the rocket to the moon.\n"},
      {kTrain, "rec.autos", "7", header + "> quoted engine\nThe engine of the car.\n"},
      {kTrain, "rec.autos", "8", header + "A car, a road, a car.\n"},
      {kTest, "sci.space", "3", header + "Moon and Mars orbit.\n"},
      {kTest, "rec.autos", "9", header + "Engine oil for the car.\n"},
  };
}

// A data directory holding 20news/20news-bydate.tar.gz made from `articles`.
struct DataDirectory {
  glassbox_test::TemporaryDirectory directory{"test_newsgroups_loader"};
  explicit DataDirectory(const std::vector<Article>& articles) {
    std::filesystem::create_directories(directory.file("20news"));
    glassbox_test::write_tar(directory.file("20news/20news-bydate.tar.gz"),
                             glassbox_test::bydate_members(articles));
  }
  glassbox::NewsgroupsOptions options() const {
    glassbox::NewsgroupsOptions options;
    options.data_directory = directory.path();
    return options;
  }
};

}  // namespace

TEST_CASE("loader: tf-idf by default, vocabulary from the training split only") {
  const DataDirectory data(loader_corpus());
  const glassbox::Newsgroups news = glassbox::load_newsgroups(data.options());
  CHECK(news.class_names == std::vector<std::string>{"rec.autos", "sci.space"});
  CHECK(news.source == data.directory.file("20news/20news-bydate.tar.gz"));
  CHECK(news.train.labels == glassbox::Labels{0, 0, 1, 1});
  CHECK(news.train.names ==
        std::vector<std::string>{"rec.autos/7", "rec.autos/8", "sci.space/1", "sci.space/2"});
  CHECK(news.test.labels == glassbox::Labels{0, 1});
  CHECK(news.train.texts.empty());  // keep_texts is off
  CHECK(news.train.description ==
        "20news train (tfidf, " + std::to_string(news.vocabulary.size()) + " words)");

  // "mars" and "oil" occur only in the test split, so they are not words of the vocabulary.
  CHECK(news.vocabulary.contains("moon"));
  CHECK(news.vocabulary.contains("subject"));  // headers are kept by default
  CHECK(!news.vocabulary.contains("mars"));
  CHECK(!news.vocabulary.contains("oil"));
  CHECK(news.vocabulary.document_count() == 4);

  for (const glassbox::NewsgroupsSplit* split : {&news.train, &news.test}) {
    split->features.check();
    CHECK(split->features.columns == news.vocabulary.size());
    CHECK(split->features.rows == split->size());
    for (std::size_t row = 0; row < split->size(); ++row) {
      CHECK(squared_row_norm(split->features, row) == doctest::Approx(1.0).epsilon(1e-6));
    }
  }
  std::uint64_t train_bytes = 0;
  for (const Article& article : loader_corpus()) {
    if (article.split == kTrain) train_bytes += article.content.size();
  }
  CHECK(news.train.raw_bytes == train_bytes);
  CHECK(news.timings.total() >= news.timings.read);
}

TEST_CASE("loader: cleaning, counts, sequences, subsets, texts") {
  const DataDirectory data(loader_corpus());

  SUBCASE("cleaning removes header, signature and quote words from the vocabulary") {
    glassbox::NewsgroupsOptions options = data.options();
    options.cleaning = {true, true, true};
    options.keep_texts = true;
    const glassbox::Newsgroups news = glassbox::load_newsgroups(options);
    CHECK(!news.vocabulary.contains("subject"));
    CHECK(!news.vocabulary.contains("poster"));  // in the header and the signature
    CHECK(!news.vocabulary.contains("quoted"));
    CHECK(news.vocabulary.contains("engine"));
    CHECK(news.train.texts[0] == "The engine of the car.\n");
    CHECK(news.train.texts[3] == "The orbit of the moon.\n");
    CHECK(news.train.description.find("headers, footers and quotes removed") != std::string::npos);
  }
  SUBCASE("bag-of-words counts") {
    glassbox::NewsgroupsOptions options = data.options();
    options.features = glassbox::TextFeatures::bag_of_words;
    options.cleaning.remove_headers = true;
    const glassbox::Newsgroups news = glassbox::load_newsgroups(options);
    CHECK(news.train.features.at(1, news.vocabulary.index("car")) == 2.0f);  // rec.autos/8
    CHECK(news.test.features.at(0, news.vocabulary.index("car")) == 1.0f);   // rec.autos/9
    CHECK(news.test.features.at(1, news.vocabulary.index("car")) == 0.0f);   // sci.space/3
  }
  SUBCASE("sequences") {
    glassbox::NewsgroupsOptions options = data.options();
    options.features = glassbox::TextFeatures::sequences;
    options.sequence_length = 6;
    options.cleaning.remove_headers = true;
    const glassbox::Newsgroups news = glassbox::load_newsgroups(options);
    REQUIRE(news.test.sequences.shape() == std::vector<std::size_t>{2, 6});
    CHECK(news.test.features.rows == 0);
    // sci.space/3, "Moon and Mars orbit.": "and" and "mars" never occur in the training bodies,
    // so they are out of vocabulary (1); then padding (0).
    const auto id = [&](const char* word) {
      return static_cast<float>(news.vocabulary.index(word) + glassbox::kFirstWordId);
    };
    const std::vector<float> second(news.test.sequences.begin() + 6, news.test.sequences.end());
    CHECK(second == std::vector<float>{id("moon"), 1, 1, id("orbit"), 0, 0});
    const glassbox::LabeledData labeled = glassbox::to_labeled_data(news.test, news.class_names);
    CHECK(labeled.sample_shape() == glassbox::Shape{6});
    CHECK(labeled.labels == news.test.labels);
  }
  SUBCASE("subsets: the vocabulary sees only the kept training documents") {
    glassbox::NewsgroupsOptions options = data.options();
    options.train_subset = glassbox::Subset::first(2);  // the two rec.autos articles
    options.test_subset = glassbox::Subset::random_sample(1, 3);
    options.keep_texts = true;
    const glassbox::Newsgroups news = glassbox::load_newsgroups(options);
    CHECK(news.train.size() == 2);
    CHECK(news.test.size() == 1);
    CHECK(news.vocabulary.document_count() == 2);
    CHECK(!news.vocabulary.contains("moon"));
    CHECK(news.train.description.find("first 2") != std::string::npos);
    CHECK(news.test.description.find("random 1, seed 3") != std::string::npos);
    CHECK(news.train.texts.size() == 2);
    options.train_subset = glassbox::Subset::first(5);
    CHECK_THROWS_AS(glassbox::load_newsgroups(options), glassbox::ArgumentError);
  }
  SUBCASE("training split only") {
    glassbox::NewsgroupsOptions options = data.options();
    options.include_test = false;
    const glassbox::Newsgroups news = glassbox::load_newsgroups(options);
    CHECK(news.train.size() == 4);
    CHECK(news.test.size() == 0);
  }
  SUBCASE("dense LabeledData for the training loop") {
    const glassbox::Newsgroups news = glassbox::load_newsgroups(data.options());
    const glassbox::LabeledData labeled = glassbox::to_labeled_data(news.train, news.class_names);
    CHECK(labeled.size() == 4);
    CHECK(labeled.sample_shape() == glassbox::Shape{news.vocabulary.size()});
    CHECK(labeled.class_names == news.class_names);
    CHECK(labeled.inputs(1, news.vocabulary.index("car")) ==
          news.train.features.at(1, news.vocabulary.index("car")));
    // Too large to make dense: refused before anything is allocated.
    glassbox::NewsgroupsSplit huge;
    huge.features.rows = 100000;
    huge.features.columns = 100000;
    CHECK_THROWS_WITH_AS(glassbox::to_labeled_data(huge, news.class_names),
                         doctest::Contains("max_size"), glassbox::ArgumentError);
  }
  SUBCASE("impossible options") {
    glassbox::NewsgroupsOptions options = data.options();
    options.features = glassbox::TextFeatures::sequences;
    options.sequence_length = 0;
    CHECK_THROWS_AS(glassbox::load_newsgroups(options), glassbox::ArgumentError);
  }
}

TEST_CASE("loader: extracted folders when there is no archive; a clear error when neither") {
  glassbox_test::TemporaryDirectory directory("test_newsgroups_loader");
  glassbox::NewsgroupsOptions options;
  options.data_directory = directory.path();
  try {
    glassbox::load_newsgroups(options);
    FAIL("no error without data");
  } catch (const glassbox::FileError& error) {
    const std::string message = error.what();
    CHECK_MESSAGE(message.find("20news/20news-bydate.tar.gz") != std::string::npos, message);
    CHECK_MESSAGE(message.find("GLASSBOX_DATA") != std::string::npos, message);
  }
  glassbox_test::write_folders(directory.file("20news"), loader_corpus());
  const glassbox::Newsgroups news = glassbox::load_newsgroups(options);
  CHECK(news.source == directory.file("20news"));
  CHECK(news.train.size() == 4);
  CHECK(news.test.size() == 2);
}

TEST_CASE("feature names") {
  CHECK(glassbox::parse_text_features("tfidf") == glassbox::TextFeatures::tfidf);
  CHECK(glassbox::parse_text_features("bag-of-words") == glassbox::TextFeatures::bag_of_words);
  CHECK(glassbox::parse_text_features("sequences") == glassbox::TextFeatures::sequences);
  CHECK_THROWS_AS(glassbox::parse_text_features("word2vec"), glassbox::ArgumentError);
  CHECK(glassbox::text_features_name(glassbox::TextFeatures::bag_of_words) == "bag-of-words");
}

TEST_CASE("SparseBatches writes out the asked rows densely, with their labels") {
  const SparseMatrix features = three_by_four();
  const glassbox::Labels labels{1, 0, 2};
  const glassbox::SparseBatches batches(features, labels, 3, "three documents");
  CHECK(batches.size() == 3);
  CHECK(batches.sample_shape() == glassbox::Shape{4});
  CHECK(batches.class_count() == 3);
  CHECK(batches.description() == "three documents");

  const std::vector<std::size_t> rows = {2, 0, 1};
  Tensor inputs = xt::ones<float>({7, 7});  // resized, and every stale value overwritten
  glassbox::Labels batch_labels;
  batches.gather(rows.data(), rows.size(), inputs, batch_labels);
  CHECK(inputs == features.gather_rows(rows));
  CHECK(batch_labels == glassbox::Labels{2, 1, 0});

  const std::size_t outside = 3;
  CHECK_THROWS_AS(batches.gather(&outside, 1, inputs, batch_labels), glassbox::ArgumentError);
  CHECK_THROWS_AS(glassbox::SparseBatches(features, glassbox::Labels{1, 0}, 3, "short"),
                  glassbox::ArgumentError);
  CHECK_THROWS_AS(glassbox::SparseBatches(features, glassbox::Labels{1, 0, 3}, 3, "bad label"),
                  glassbox::ArgumentError);
}

}  // namespace test_newsgroups_features
