// Text handling for 20 Newsgroups, each rule checked on hand-made inputs with exact expectations:
// document cleaning (datasets/newsgroups/document_cleaning.hpp), the tokenizer (tokenizer.hpp),
// the stop-word list, the word table and the vocabulary (vocabulary.hpp), built from documents or
// from given words.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "datasets/newsgroups/document_cleaning.hpp"
#include "datasets/newsgroups/stop_words.hpp"
#include "datasets/newsgroups/tokenizer.hpp"
#include "datasets/newsgroups/vocabulary.hpp"
#include "datasets/newsgroups/word_table.hpp"
#include "framework/errors.hpp"
#include "tests/test_newsgroups_archives.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_newsgroups_text {

using glassbox::clean_document;
using glassbox::CleaningOptions;
using glassbox::tokenize;
using glassbox::Vocabulary;
using glassbox::VocabularyOptions;
using Words = std::vector<std::string>;

namespace {

CleaningOptions only_headers() {
  return {true, false, false};
}
CleaningOptions only_footers() {
  return {false, true, false};
}
CleaningOptions only_quotes() {
  return {false, false, true};
}

// "line 1\n" ... "line n\n".
std::string numbered_lines(int first, int last) {
  std::string text;
  for (int line = first; line <= last; ++line) text += "line " + std::to_string(line) + "\n";
  return text;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Cleaning

const char kArticle[] =
    "From: someone@example.edu (Some One)\n"
    "Subject: Re: orbits\n"
    "Lines: 12\n"
    "\n"
    "In article <1993Apr1.0@example.edu> other@example.edu (Other) writes:\n"
    ">> Is the orbit stable?\n"
    "> I think so.\n"
    "\n"
    "It is stable for a while.\n"
    "--\n"
    "Some One, Example University\n";

TEST_CASE("cleaning: all switches off returns the text unchanged") {
  CHECK(clean_document(kArticle, CleaningOptions{}) == kArticle);
  CHECK(glassbox::describe_cleaning(CleaningOptions{}) == "");
  CHECK(glassbox::describe_cleaning({true, true, true}) == "headers, footers and quotes removed");
  CHECK(glassbox::describe_cleaning({false, true, true}) == "footers and quotes removed");
}

TEST_CASE("cleaning: remove_headers drops everything up to the first blank line") {
  CHECK(clean_document(kArticle, only_headers()) ==
        "In article <1993Apr1.0@example.edu> other@example.edu (Other) writes:\n"
        ">> Is the orbit stable?\n"
        "> I think so.\n"
        "\n"
        "It is stable for a while.\n"
        "--\n"
        "Some One, Example University\n");
  // A whitespace-only line is blank; CRLF line ends are handled.
  CHECK(clean_document("Subject: x\r\n \t\r\nbody\r\n", only_headers()) == "body\r\n");
  // Without a blank line the whole document is header.
  CHECK(clean_document("Subject: no body\nLines: 0\n", only_headers()) == "");
  CHECK(clean_document("", only_headers()) == "");
  CHECK(clean_document("\nbody", only_headers()) == "body");
}

TEST_CASE("cleaning: remove_footers drops a signature near the end") {
  CHECK(clean_document(kArticle, only_footers()) ==
        std::string(kArticle).substr(0, std::string(kArticle).find("--\n")));
  // "-- " (the Usenet standard) and other rules count; trailing blank lines do not count as lines.
  CHECK(clean_document("text\n-- \nsig\n\n\n", only_footers()) == "text\n");
  CHECK(clean_document("text\n  =====  \nsig\n", only_footers()) == "text\n");
  CHECK(clean_document("text\n______\nsig\n", only_footers()) == "text\n");
  // A signature boxed between two rules goes from the first rule.
  CHECK(clean_document("text\n-----\nName\nPlace\n-----\n", only_footers()) == "text\n");
  // Not delimiters: a single dash, mixed characters, text after the dashes.
  CHECK(clean_document("text\n-\nsig\n", only_footers()) == "text\n-\nsig\n");
  CHECK(clean_document("text\n-=-=\nsig\n", only_footers()) == "text\n-=-=\nsig\n");
  CHECK(clean_document("text\n--Tom\n", only_footers()) == "text\n--Tom\n");

  // Only the last 10 lines are searched: a rule with 9 lines after it is a delimiter, a rule with
  // 10 lines after it is not.
  const std::string nine_after = "body\n--\n" + numbered_lines(1, 9);
  CHECK(clean_document(nine_after, only_footers()) == "body\n");
  const std::string ten_after = "body\n--\n" + numbered_lines(1, 10);
  CHECK(clean_document(ten_after, only_footers()) == ten_after);
}

TEST_CASE("cleaning: remove_quotes drops quoted lines and attributions") {
  CHECK(clean_document(kArticle, only_quotes()) ==
        "From: someone@example.edu (Some One)\n"
        "Subject: Re: orbits\n"
        "Lines: 12\n"
        "\n"
        "\n"
        "It is stable for a while.\n"
        "--\n"
        "Some One, Example University\n");
  const std::string text =
      "keep 1\n"
      "  > indented quote\n"
      "| bar quote\n"
      "gb> initials quote\n"
      "ABCD> four letters: kept\n"
      "In article <abc@def>\n"
      "someone@somewhere (Some One) writes:  \n"
      "Someone wrote:\n"
      "In articles of faith: kept\n"
      "writes: in the middle, kept\n"
      "a > b, kept\n";
  CHECK(clean_document(text, only_quotes()) ==
        "keep 1\n"
        "ABCD> four letters: kept\n"
        "In articles of faith: kept\n"
        "writes: in the middle, kept\n"
        "a > b, kept\n");
}

TEST_CASE("cleaning: switches run headers, footers, quotes, and survive any bytes") {
  CHECK(clean_document(kArticle, {true, true, true}) == "\nIt is stable for a while.\n");
  std::mt19937 generator(3);
  for (int trial = 0; trial < 200; ++trial) {
    std::string junk(static_cast<std::size_t>(generator() % 2000), '\0');
    for (char& byte : junk) byte = "\n\n->|a \r\0\xC3"[generator() % 10];
    const std::string cleaned = clean_document(junk, {true, true, true});
    CHECK(cleaned.size() <= junk.size());
  }
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

TEST_CASE("tokenizer: the examples of the header") {
  CHECK(tokenize("Don't") == Words{"don"});
  CHECK(tokenize("e-mail") == Words{"mail"});
  CHECK(tokenize("MS-DOS 6.0") == Words{"ms", "dos"});
  CHECK(tokenize("file_name") == Words{"file", "name"});
  CHECK(tokenize("1993, 3.14") == Words{"1993", "14"});
  CHECK(tokenize("CAF\xC3\x89 \xC3\xBC"
                 "ber") == Words{"caf\xC3\xA9",
                                 "\xC3\xBC"
                                 "ber"});
  CHECK(tokenize("C++ and I/O") == Words{"and"});
}

TEST_CASE("tokenizer: lengths count characters, not bytes") {
  CHECK(tokenize("a b c") == Words{});
  CHECK(tokenize("ab") == Words{"ab"});
  CHECK(tokenize("\xC3\xA9") == Words{});                            // é: 1 character, 2 bytes
  CHECK(tokenize("\xC3\xA9\xC3\xA9") == Words{"\xC3\xA9\xC3\xA9"});  // éé
  CHECK(tokenize("x\xC3\xA9") == Words{"x\xC3\xA9"});
  CHECK(tokenize("") == Words{});
}

TEST_CASE("tokenizer: Latin-1 letters, case and separators") {
  // À..Þ lower-case to à..þ; ß and ÿ stay; × and ÷ separate.
  CHECK(tokenize("\xC3\x80\xC3\x9E") == Words{"\xC3\xA0\xC3\xBE"});
  CHECK(tokenize("stra\xC3\x9F"
                 "e") == Words{"stra\xC3\x9F"
                               "e"});
  CHECK(tokenize("\xC3\xBF\xC3\xBF") == Words{"\xC3\xBF\xC3\xBF"});
  CHECK(tokenize("ab\xC3\x97"
                 "cd\xC3\xB7"
                 "ef") == Words{"ab", "cd", "ef"});
  // ª µ º are letters; ° ² « are not.
  CHECK(tokenize("5\xC2\xB5m") == Words{"5\xC2\xB5m"});
  CHECK(tokenize("20\xC2\xB0"
                 "C x\xC2\xB2y \xC2\xAB"
                 "ab\xC2\xBB") == Words{"20", "ab"});
  // Every ASCII letter lower-cases.
  CHECK(tokenize("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == Words{"abcdefghijklmnopqrstuvwxyz"});
}

TEST_CASE("tokenizer: NUL, control bytes, other code points and broken UTF-8 separate") {
  CHECK(tokenize(std::string("ab\0cd", 5)) == Words{"ab", "cd"});
  CHECK(tokenize("ab\x01"
                 "cd\tef\r\ngh") == Words{"ab", "cd", "ef", "gh"});
  CHECK(tokenize("ab\xE2\x82\xAC"
                 "cd") == Words{"ab", "cd"});  // € (U+20AC)
  CHECK(tokenize("ab\xF0\x9F\x98\x80"
                 "cd") == Words{"ab", "cd"});  // an emoji
  CHECK(tokenize("ab\xC3") == Words{"ab"});    // lead byte at the end
  CHECK(tokenize("ab\xC3"
                 "cd") == Words{"ab", "cd"});  // lead byte, no continuation
  CHECK(tokenize("ab\xA9"
                 "cd") == Words{"ab", "cd"});  // lone continuation byte
  CHECK(tokenize("\xC3\xC3\xA9\xC3\xA9") == Words{"\xC3\xA9\xC3\xA9"});
}

TEST_CASE("tokenizer: views stay valid until the next call; any bytes are safe") {
  glassbox::Tokenizer tokenizer;
  const auto& first = tokenizer.tokenize("Hello World");
  CHECK(first == std::vector<std::string_view>{"hello", "world"});
  const auto& second = tokenizer.tokenize("A much longer second document, to regrow the buffer");
  CHECK(second.size() == 8);
  CHECK(second.front() == "much");

  std::mt19937 generator(7);
  for (int trial = 0; trial < 300; ++trial) {
    std::string junk(static_cast<std::size_t>(generator() % 500), '\0');
    for (char& byte : junk) byte = static_cast<char>(generator() & 0xFF);
    for (std::string_view token : tokenizer.tokenize(junk)) {
      REQUIRE(token.size() >= 2);
      REQUIRE(glassbox_test::valid_utf8(std::string(token)));
      // Lower-cased: no ASCII capitals, no Latin-1 capitals (C3 80..C3 9E).
      for (std::size_t index = 0; index < token.size(); ++index) {
        const auto byte = static_cast<unsigned char>(token[index]);
        REQUIRE(!(byte >= 'A' && byte <= 'Z'));
        if (byte == 0xC3) {
          const auto next = static_cast<unsigned char>(token[index + 1]);
          REQUIRE((next < 0x80 || next > 0x9E || next == 0x97));
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Stop words and the word table

TEST_CASE("stop words: sorted, distinct, lower-case, at least two letters") {
  const auto& words = glassbox::english_stop_words();
  CHECK(words.size() >= 100);
  CHECK(words.size() <= 150);
  CHECK(std::is_sorted(words.begin(), words.end()));
  CHECK(std::adjacent_find(words.begin(), words.end()) == words.end());
  for (std::string_view word : words) {
    CHECK(word.size() >= 2);
    // Each entry is a token the tokenizer can produce, unchanged.
    CHECK(tokenize(word) == Words{std::string(word)});
  }
  CHECK(glassbox::is_english_stop_word("the"));
  CHECK(glassbox::is_english_stop_word("don"));
  CHECK(!glassbox::is_english_stop_word("orbit"));
  CHECK(!glassbox::is_english_stop_word("won"));
  CHECK(!glassbox::is_english_stop_word("The"));  // tokens are lower-case already
}

TEST_CASE("word table: insert, find, growth and copies") {
  glassbox::WordTable table;
  CHECK(table.find("absent") == glassbox::WordTable::kAbsent);
  CHECK(table.insert("alpha") == 0);
  CHECK(table.insert("beta") == 1);
  CHECK(table.insert("alpha") == 0);
  CHECK(table.find("beta") == 1);
  CHECK(table.find("alph") == glassbox::WordTable::kAbsent);
  CHECK(table.find(std::string_view("alpha\0", 6)) == glassbox::WordTable::kAbsent);
  // Many more words than the first slot array holds, then every one found again.
  for (int word = 0; word < 20000; ++word) table.insert("w" + std::to_string(word));
  REQUIRE(table.size() == 20002);
  const glassbox::WordTable copy = table;
  for (int word = 0; word < 20000; word += 7) {
    CHECK(copy.find("w" + std::to_string(word)) == word + 2);
  }
  CHECK(copy.word(2) == "w0");
  CHECK(copy.find("") == glassbox::WordTable::kAbsent);
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

namespace {

// df: the 4, cat 3, dog 2, sat 2, mat 1, and 1, on 1, hat 1 ("a" is one letter: no token).
const std::vector<std::string> kTraining = {
    "The cat sat on the mat.",
    "The dog sat.",
    "The cat and a dog!",
    "The cat, the cat, the hat.",
};

}  // namespace

TEST_CASE("vocabulary: order by document frequency, ties by word; every index keeps its word") {
  const Vocabulary vocabulary = Vocabulary::build(kTraining);
  CHECK(vocabulary.words() == Words{"the", "cat", "dog", "sat", "and", "hat", "mat", "on"});
  CHECK(vocabulary.document_frequencies() == std::vector<std::size_t>{4, 3, 2, 2, 1, 1, 1, 1});
  CHECK(vocabulary.document_count() == 4);
  for (std::size_t index = 0; index < vocabulary.size(); ++index) {
    CHECK(vocabulary.index(vocabulary.word(index)) == static_cast<std::int32_t>(index));
  }
  CHECK(vocabulary.index("bird") == Vocabulary::kNotInVocabulary);
  CHECK(vocabulary.index("The") == Vocabulary::kNotInVocabulary);  // look up tokens, lower-case
  CHECK(vocabulary.contains("hat"));
  CHECK(vocabulary.document_frequency(1) == 3);
  CHECK_THROWS_AS(vocabulary.word(8), glassbox::ArgumentError);
  CHECK_THROWS_AS(vocabulary.document_frequency(8), glassbox::ArgumentError);
  // The same input gives the same vocabulary.
  CHECK(Vocabulary::build(kTraining).words() == vocabulary.words());
}

TEST_CASE("vocabulary: min document frequency, max size, stop words") {
  VocabularyOptions options;
  options.min_document_frequency = 2;
  CHECK(Vocabulary::build(kTraining, options).words() == Words{"the", "cat", "dog", "sat"});
  options.min_document_frequency = 5;
  CHECK(Vocabulary::build(kTraining, options).size() == 0);

  options = {};
  options.max_size = 3;  // "dog" and "sat" tie at df 2: "dog" comes first
  CHECK(Vocabulary::build(kTraining, options).words() == Words{"the", "cat", "dog"});
  options.max_size = 100;
  CHECK(Vocabulary::build(kTraining, options).size() == 8);

  options = {};
  options.remove_stop_words = true;  // "the", "and", "on" are stop words
  const Vocabulary without = Vocabulary::build(kTraining, options);
  CHECK(without.words() == Words{"cat", "dog", "sat", "hat", "mat"});
  CHECK(without.stop_words_removed());
  // Stop words are removed before max_size counts.
  options.max_size = 2;
  CHECK(Vocabulary::build(kTraining, options).words() == Words{"cat", "dog"});

  CHECK(Vocabulary::build({}).size() == 0);
  CHECK(Vocabulary::build({"", "a b c"}).document_count() == 2);
}

TEST_CASE("vocabulary: given words are checked") {
  const Vocabulary given({"zeta", "alpha"}, {1, 2}, 3);
  CHECK(given.word(0) == "zeta");
  CHECK(given.index("alpha") == 1);
  CHECK(given.document_count() == 3);
  const Vocabulary copy = given;  // copies stay usable
  CHECK(copy.index("zeta") == 0);
  CHECK_THROWS_AS(Vocabulary({"a1", "a1"}, {1, 1}, 2), glassbox::ArgumentError);
  CHECK_THROWS_AS(Vocabulary({"a1"}, {1, 1}, 2), glassbox::ArgumentError);
  CHECK_THROWS_AS(Vocabulary({"a1"}, {3}, 2), glassbox::ArgumentError);
  CHECK_THROWS_AS(Vocabulary({""}, {1}, 2), glassbox::ArgumentError);
}

TEST_CASE("Vocabulary::from_words keeps the given order for encoding") {
  const Vocabulary vocabulary = Vocabulary::from_words({"moon", "car", "orbit"});
  CHECK(vocabulary.size() == 3);
  CHECK(vocabulary.index("car") == 1);
  CHECK(vocabulary.word(2) == "orbit");
  CHECK(vocabulary.document_frequency(0) == 0);
  CHECK(vocabulary.document_count() == 0);
  CHECK_FALSE(vocabulary.stop_words_removed());
  CHECK(Vocabulary::from_words({"moon"}, true).stop_words_removed());
  CHECK_THROWS_AS(Vocabulary::from_words({"moon", "moon"}), glassbox::ArgumentError);
  CHECK_THROWS_AS(Vocabulary::from_words({""}), glassbox::ArgumentError);
}

}  // namespace test_newsgroups_text
