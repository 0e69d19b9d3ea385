// starts_with / ends_with for C++17, whose std::string_view has neither (C++20 adds them).
#pragma once

#include <string_view>

namespace glassbox {

inline bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

inline bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace glassbox
