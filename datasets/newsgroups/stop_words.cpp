#include "datasets/newsgroups/stop_words.hpp"

#include "datasets/newsgroups/word_table.hpp"

namespace glassbox {

const std::vector<std::string_view>& english_stop_words() {
  static const std::vector<std::string_view> words = {
      "about",   "above",    "after",      "again",   "against", "all",     "also",    "am",
      "an",      "and",      "any",        "are",     "aren",    "as",      "at",      "be",
      "because", "been",     "before",     "being",   "below",   "between", "both",    "but",
      "by",      "can",      "could",      "couldn",  "did",     "didn",    "do",      "does",
      "doesn",   "doing",    "don",        "down",    "during",  "each",    "either",  "else",
      "few",     "for",      "from",       "further", "had",     "hadn",    "has",     "hasn",
      "have",    "haven",    "having",     "he",      "her",     "here",    "hers",    "herself",
      "him",     "himself",  "his",        "how",     "if",      "in",      "into",    "is",
      "isn",     "it",       "its",        "itself",  "just",    "ll",      "me",      "more",
      "most",    "my",       "myself",     "no",      "nor",     "not",     "now",     "of",
      "off",     "on",       "once",       "only",    "or",      "other",   "our",     "ours",
      "out",     "over",     "own",        "same",    "she",     "should",  "shouldn", "so",
      "some",    "such",     "than",       "that",    "the",     "their",   "them",    "then",
      "there",   "these",    "they",       "this",    "those",   "through", "to",      "too",
      "under",   "until",    "up",         "ve",      "very",    "was",     "wasn",    "we",
      "were",    "weren",    "what",       "when",    "where",   "which",   "while",   "who",
      "whom",    "why",      "will",       "with",    "would",   "wouldn",  "you",     "your",
      "yours",   "yourself", "yourselves",
  };
  return words;
}

bool is_english_stop_word(std::string_view token) {
  // Asked for every out-of-vocabulary token when stop words are removed, so a hash lookup rather
  // than a binary search of string comparisons. Built once; C++11 makes the initialisation safe
  // across threads.
  static const WordTable table = [] {
    WordTable words;
    for (std::string_view word : english_stop_words()) words.insert(word);
    return words;
  }();
  return table.find(token) != WordTable::kAbsent;
}

}  // namespace glassbox
