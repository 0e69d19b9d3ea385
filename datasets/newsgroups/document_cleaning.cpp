#include "datasets/newsgroups/document_cleaning.hpp"

#include <algorithm>
#include <vector>

#include "framework/string_affixes.hpp"

namespace glassbox {

namespace {

// '\n' too, because each line's view ends with its newline.
bool is_whitespace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view trim(std::string_view line) {
  std::size_t begin = 0, end = line.size();
  while (begin < end && is_whitespace(line[begin])) ++begin;
  while (end > begin && is_whitespace(line[end - 1])) --end;
  return line.substr(begin, end - begin);
}

bool is_blank(std::string_view line) {
  return trim(line).empty();
}

bool is_ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// "--", "-- ", "=====", "______": two or more of one rule character, nothing else.
bool is_signature_delimiter(std::string_view line) {
  const std::string_view content = trim(line);
  if (content.size() < 2) return false;
  const char rule = content.front();
  if (rule != '-' && rule != '=' && rule != '_' && rule != '*' && rule != '~') return false;
  return std::all_of(content.begin(), content.end(), [rule](char c) { return c == rule; });
}

// "In article <id> ..." but not "In articles of faith": the words must end there.
bool is_article_attribution(std::string_view content) {
  const std::string_view words = "In article";
  if (!starts_with(content, words)) return false;
  if (content.size() == words.size()) return true;
  const char next = content[words.size()];
  return next == ' ' || next == '\t' || next == '<' || next == ',';
}

bool is_quote_or_attribution(std::string_view line) {
  const std::string_view content = trim(line);
  if (content.empty()) return false;
  if (content.front() == '>' || content.front() == '|') return true;
  std::size_t letters = 0;
  while (letters < content.size() && letters < 4 && is_ascii_letter(content[letters])) ++letters;
  if (letters >= 1 && letters <= 3 && letters < content.size() && content[letters] == '>') {
    return true;
  }
  return is_article_attribution(content) || ends_with(content, "writes:") ||
         ends_with(content, "wrote:");
}

// The lines of `text`, each view including its '\n' when it has one.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    const std::size_t length = newline == std::string_view::npos ? text.size() : newline + 1;
    lines.push_back(text.substr(0, length));
    text.remove_prefix(length);
  }
  return lines;
}

}  // namespace

std::string clean_document(std::string_view text, const CleaningOptions& options) {
  if (!options.any()) return std::string(text);
  std::vector<std::string_view> lines = split_lines(text);

  if (options.remove_headers) {
    const auto blank = std::find_if(lines.begin(), lines.end(), is_blank);
    // No blank line: the whole document is header.
    lines.erase(lines.begin(), blank == lines.end() ? lines.end() : blank + 1);
  }

  if (options.remove_footers) {
    std::size_t end = lines.size();  // lines [0, end) without trailing blank lines
    while (end > 0 && is_blank(lines[end - 1])) --end;
    const std::size_t search_from = end > kSignatureSearchLines ? end - kSignatureSearchLines : 0;
    for (std::size_t line = search_from; line < end; ++line) {
      if (is_signature_delimiter(lines[line])) {
        lines.resize(line);
        break;
      }
    }
  }

  if (options.remove_quotes) {
    lines.erase(std::remove_if(lines.begin(), lines.end(), is_quote_or_attribution), lines.end());
  }

  std::string cleaned;
  std::size_t length = 0;
  for (std::string_view line : lines) length += line.size();
  cleaned.reserve(length);
  for (std::string_view line : lines) cleaned.append(line);
  return cleaned;
}

std::string describe_cleaning(const CleaningOptions& options) {
  std::vector<std::string> parts;
  if (options.remove_headers) parts.push_back("headers");
  if (options.remove_footers) parts.push_back("footers");
  if (options.remove_quotes) parts.push_back("quotes");
  if (parts.empty()) return "";
  std::string text;
  for (std::size_t index = 0; index < parts.size(); ++index) {
    text += (index == 0 ? "" : index + 1 == parts.size() ? " and " : ", ") + parts[index];
  }
  return text + " removed";
}

}  // namespace glassbox
