// Help texts and error messages from the tables of names: rules (lrp/rule.hpp), composites
// (lrp/composite.hpp) and methods (methods.hpp). Each table entry has a `name` (the one spelling
// of it anywhere) and a one-line `description`.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

namespace glassbox::explain {

// "a, b, c"
template <class Entry>
std::string names_of(const std::vector<Entry>& table) {
  std::string text;
  for (const Entry& entry : table) text += (text.empty() ? "" : ", ") + entry.name;
  return text;
}

// One line per entry, "  name   description\n", the descriptions in one column.
template <class Entry>
std::string descriptions_of(const std::vector<Entry>& table) {
  std::size_t width = 0;
  for (const Entry& entry : table) width = std::max(width, entry.name.size());
  std::string text;
  for (const Entry& entry : table) {
    text += "  " + entry.name + std::string(width - entry.name.size() + 3, ' ') +
            entry.description + "\n";
  }
  return text;
}

}  // namespace glassbox::explain
