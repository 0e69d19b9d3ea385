// encoded_token_spans (datasets/newsgroups/features.hpp): each kept word's place in the original
// text, so that an explanation can be drawn on the text as written.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "datasets/newsgroups/features.hpp"
#include "datasets/newsgroups/vocabulary.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_token_spans {

using namespace glassbox;

namespace {

// The original spellings the spans cut out of `text`.
std::vector<std::string> spelled(const std::string& text, const std::vector<TextSpan>& spans) {
  std::vector<std::string> words;
  for (const TextSpan& span : spans)
    words.push_back(text.substr(span.begin, span.end - span.begin));
  return words;
}

}  // namespace

TEST_CASE("spans cut each kept word out of the text as written, case and all") {
  const Vocabulary vocabulary = Vocabulary::from_words({"orbit", "moon"});
  const std::string text = "Re: The ORBIT of\nthe Moon -- a 3.14 e-mail, Café!";
  const std::vector<TextSpan> spans = encoded_token_spans(text, vocabulary);
  CHECK(spelled(text, spans) ==
        std::vector<std::string>{"Re", "The", "ORBIT", "of", "the", "Moon", "14", "mail", "Café"});
  // One span per word encoded_tokens keeps, in the same order, lower-casing aside.
  const std::vector<std::string> tokens = encoded_tokens(text, vocabulary);
  REQUIRE(tokens.size() == spans.size());
  CHECK(tokens[2] == "orbit");
  CHECK(tokens[8] == "café");
  CHECK(spans[3].begin == 14);  // "of" right before the line break
  CHECK(spans[4].begin == 17);  // "the" right after it
}

TEST_CASE("spans skip the stop words a vocabulary without them drops, as encoding does") {
  const Vocabulary vocabulary = Vocabulary::from_words({"orbit", "moon"}, true);
  const std::string text = "The orbit of the Moon, and Mars";
  CHECK(spelled(text, encoded_token_spans(text, vocabulary)) ==
        std::vector<std::string>{"orbit", "Moon", "Mars"});
  CHECK(encoded_tokens(text, vocabulary).size() == 3);
}

TEST_CASE("a text without words has no spans") {
  const Vocabulary vocabulary = Vocabulary::from_words({"orbit"});
  CHECK(encoded_token_spans("", vocabulary).empty());
  CHECK(encoded_token_spans("-- 1 2 3 ?!\n\n", vocabulary).empty());
}

}  // namespace test_token_spans
