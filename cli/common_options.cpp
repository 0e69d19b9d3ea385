#include "cli/common_options.hpp"

#include <charconv>
#include <cmath>
#include <sstream>

namespace glassbox::cli {
namespace {

std::string number_text(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

// Whether `text` is the whole of one number `value` (from_chars: no leading space or '+', no
// base prefix; it reads "nan" and "inf", which the callers refuse).
template <typename T>
bool read_whole_text(const std::string& text, T& value) {
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  return error == std::errc() && stop == end && !text.empty();
}

}  // namespace

CLI::Validator whole_number(std::uint64_t low, std::uint64_t high) {
  const std::string range =
      "a whole number from " + std::to_string(low) + " to " + std::to_string(high);
  return CLI::Validator(
      [low, high, range](std::string& text) -> std::string {
        std::uint64_t value = 0;
        if (!read_whole_text(text, value) || value < low || value > high) {
          return "must be " + range + ", got \"" + text + "\"";
        }
        return "";
      },
      range);
}

CLI::Validator real_number(double low, double high, bool above_low) {
  std::string range = "a number " + std::string(above_low ? "> " : ">= ") + number_text(low);
  if (std::isfinite(high)) range += " and <= " + number_text(high);
  return CLI::Validator(
      [low, high, above_low, range](std::string& text) -> std::string {
        double value = 0.0;
        const bool in_range = read_whole_text(text, value) && std::isfinite(value) &&
                              (above_low ? value > low : value >= low) && value <= high;
        return in_range ? "" : "must be " + range + ", got \"" + text + "\"";
      },
      range);
}

const CLI::Validator non_empty(
    [](std::string& text) -> std::string { return text.empty() ? "must not be empty" : ""; },
    "NONEMPTY");

CLI::Option* add_model_option(CLI::App& command, std::string& path,
                              const std::string& description) {
  return command.add_option("--model", path, description)->required()->check(non_empty);
}

CLI::Option* add_output_option(CLI::App& command, std::string& path,
                               const std::string& description) {
  CLI::Option* option = command.add_option("--out", path, description)->check(non_empty);
  if (!path.empty()) option->capture_default_str();
  return option;
}

CLI::Option* add_json_flag(CLI::App& command, bool& json) {
  return command.add_flag("--json", json, "Print the results as one JSON object on stdout");
}

void add_sample_range_options(CLI::App& command, std::size_t& first, std::size_t& count,
                              const std::string& first_description,
                              const std::string& count_description) {
  add_option_with_default(command, "--index", first, first_description)->check(whole_number(0));
  add_option_with_default(command, "--count", count, count_description)->check(whole_number(1));
}

}  // namespace glassbox::cli
