// Options several commands share, registered in one place so that each reads and behaves the
// same in every command (and is checked the same way, where a check belongs).
#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include <CLI/CLI.hpp>

namespace glassbox::cli {

// An option whose help shows its default: the value `variable` holds when it is added.
template <typename T>
CLI::Option* add_option_with_default(CLI::App& command, const std::string& name, T& variable,
                                     const std::string& description) {
  return command.add_option(name, variable, description)->capture_default_str();
}

// --model PATH, required: the model file to read.
CLI::Option* add_model_option(CLI::App& command, std::string& path,
                              const std::string& description = "Model file");

// --out PATH: the file to write; `path` holds the default, if any, shown in the help.
CLI::Option* add_output_option(CLI::App& command, std::string& path,
                               const std::string& description);

// --json: print the results as one JSON object on stdout instead of text.
CLI::Option* add_json_flag(CLI::App& command, bool& json);

// --index FIRST and --count N: which samples of a split, with the defaults the variables hold.
void add_sample_range_options(CLI::App& command, std::size_t& first, std::size_t& count,
                              const std::string& first_description,
                              const std::string& count_description);

// Numeric options are read strictly. CLI11 alone would take "-1" for an unsigned option (as
// 2^64 − 1), "010" as octal, and "nan" or "inf" for a float, and range checks on the converted
// value let NaN through. These validators see the text as typed: digits only for whole numbers, a
// plain decimal (sign, fraction, exponent) for real ones, nothing after the number, no nan or
// inf, and the value inside the range. The error reads "--epochs: must be a whole number from 1
// to 100000, got "-1"".
CLI::Validator whole_number(std::uint64_t low,
                            std::uint64_t high = std::numeric_limits<std::int32_t>::max());
// low <= value <= high, or low < value when `above_low`; high = infinity: no upper bound.
CLI::Validator real_number(double low, double high = std::numeric_limits<double>::infinity(),
                           bool above_low = false);
// A finite real number > 0 (up to `high`).
inline CLI::Validator positive_number(double high = std::numeric_limits<double>::infinity()) {
  return real_number(0.0, high, true);
}

// A path or list option must not be given as an empty string ("--out ''").
extern const CLI::Validator non_empty;

}  // namespace glassbox::cli
