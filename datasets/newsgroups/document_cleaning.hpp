// Optional removal of the Usenet scaffolding around an article's text: headers, signature blocks
// and quoted replies. Classifiers trained on the raw articles learn much from this scaffolding
// (who posts where, whose signature names a university), so a score without it says more about
// the text; these are the three switches scikit-learn's loader made familiar, with our own rules.
//
// Rules, on lines split at '\n' (a '\r' before the '\n' counts as trailing whitespace; whitespace
// means space, tab and '\r'). The switches run in this order, each on what the previous one left:
//
// remove_headers: removes everything up to and including the first blank line (a line that is
//   empty or whitespace only), i.e. the whole header block. A document without a blank line is all
//   header and becomes empty.
//
// remove_footers: removes a signature block at the end. A signature delimiter is a line that,
//   without leading and trailing whitespace, is two or more of one character out of - = _ * ~
//   ("--", "-- ", "=====", "______"). Only delimiters among the last 10 lines count (lines
//   counted after dropping trailing blank lines): the footer starts at the earliest such
//   delimiter and runs to the end. So "--" plus a 3-line signature goes, and so does a signature
//   boxed between two dashed rules; a dashed rule in the middle of a long post stays.
//
// remove_quotes: removes quoted lines and reply attributions, wherever they are:
//   - lines whose first non-whitespace character is '>' or '|' (">> text", "  | text");
//   - lines starting (after whitespace) with 1 to 3 ASCII letters and then '>', the initials
//     style of quoting ("gb> text");
//   - lines starting (after whitespace) with the words "In article" followed by the end of the
//     line, a space, a tab, '<' or ',' (the attribution "In article <id> name writes:", often
//     wrapped onto a second line, which the next rule catches);
//   - lines ending (before trailing whitespace) in "writes:" or "wrote:".
//
// Kept lines are copied unchanged, each with its '\n' (the last one without, if it had none).
#pragma once

#include <string>
#include <string_view>

namespace glassbox {

struct CleaningOptions {
  bool remove_headers = false;
  bool remove_footers = false;
  bool remove_quotes = false;

  bool any() const { return remove_headers || remove_footers || remove_quotes; }
};

// How many final lines remove_footers searches for a signature delimiter.
inline constexpr std::size_t kSignatureSearchLines = 10;

// `text` (UTF-8, any bytes) with what the switches select removed; a copy of it when none is on.
std::string clean_document(std::string_view text, const CleaningOptions& options);

// "headers, footers, quotes removed" for descriptions; "" when nothing is removed.
std::string describe_cleaning(const CleaningOptions& options);

}  // namespace glassbox
