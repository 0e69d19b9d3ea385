// A short English stop-word list: function words (articles, pronouns, auxiliaries, prepositions,
// conjunctions, common adverbs) that occur in nearly every article and say little about its topic.
//
// Written for glassbox's tokenizer (tokenizer.hpp): every entry is lower-case and at least two
// characters long, because one-character words ("a", "I") never become tokens, and it includes
// the stems the tokenizer leaves from contractions ("don't" -> "don", "we'll" -> "ll"), except
// "won", which is also an ordinary verb. 139 words, sorted, no duplicates.
#pragma once

#include <string_view>
#include <vector>

namespace glassbox {

// The list, sorted by byte value.
const std::vector<std::string_view>& english_stop_words();

// Whether `token` (already lower-cased, as the tokenizer gives it) is on the list.
bool is_english_stop_word(std::string_view token);

}  // namespace glassbox
