// The subcommands of `glassbox`; each registers its options on the app and runs when chosen.
#pragma once

#include <stdexcept>

#include <CLI/CLI.hpp>

namespace glassbox::cli {

// Thrown by a command that stopped early on request (Ctrl-C during training) after saving what it
// had; the message says where and how to go on. main prints it and exits with status 130, the
// status shells give a process ended by SIGINT.
class Interrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

void add_train_command(CLI::App& app);
void add_evaluate_command(CLI::App& app);
void add_explain_command(CLI::App& app);
void add_compare_command(CLI::App& app);
void add_prototype_command(CLI::App& app);
void add_pixel_flipping_command(CLI::App& app);
void add_continuity_command(CLI::App& app);
void add_report_command(CLI::App& app);

}  // namespace glassbox::cli
