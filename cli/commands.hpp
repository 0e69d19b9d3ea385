// The subcommands of `glassbox`; each registers its options on the app and runs when chosen.
#pragma once

#include <CLI/CLI.hpp>

namespace glassbox::cli {

void add_train_command(CLI::App& app);
void add_evaluate_command(CLI::App& app);
void add_explain_command(CLI::App& app);
void add_compare_command(CLI::App& app);
void add_prototype_command(CLI::App& app);
void add_pixel_flipping_command(CLI::App& app);

}  // namespace glassbox::cli
