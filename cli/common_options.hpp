// Options several commands share, registered in one place so that each reads and behaves the
// same in every command (and is checked the same way, where a check belongs).
#pragma once

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

}  // namespace glassbox::cli
