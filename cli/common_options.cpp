#include "cli/common_options.hpp"

namespace glassbox::cli {

CLI::Option* add_model_option(CLI::App& command, std::string& path,
                              const std::string& description) {
  return command.add_option("--model", path, description)->required();
}

CLI::Option* add_output_option(CLI::App& command, std::string& path,
                               const std::string& description) {
  CLI::Option* option = command.add_option("--out", path, description);
  if (!path.empty()) option->capture_default_str();
  return option;
}

CLI::Option* add_json_flag(CLI::App& command, bool& json) {
  return command.add_flag("--json", json, "Print the results as one JSON object on stdout");
}

void add_sample_range_options(CLI::App& command, std::size_t& first, std::size_t& count,
                              const std::string& first_description,
                              const std::string& count_description) {
  add_option_with_default(command, "--index", first, first_description);
  add_option_with_default(command, "--count", count, count_description);
}

}  // namespace glassbox::cli
