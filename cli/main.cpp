// The `glassbox` command: train, evaluate, explain, compare.
//
// Every error a user can cause is a glassbox::Error; it is printed as one line and the command
// exits with status 1. A training run stopped by Ctrl-C saves a checkpoint and exits with 130.
// Usage errors exit with CLI11's codes and a hint to --help.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "framework/errors.hpp"
#include "framework/training/stop_request.hpp"

int main(int argc, char** argv) {
  CLI::App app{"glassbox: train small neural networks and explain their decisions"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every command");
  glassbox::cli::add_train_command(app);
  glassbox::cli::add_evaluate_command(app);
  glassbox::cli::add_explain_command(app);
  glassbox::cli::add_compare_command(app);
  glassbox::cli::add_prototype_command(app);
  glassbox::cli::add_pixel_flipping_command(app);
  glassbox::cli::add_continuity_command(app);
  glassbox::cli::add_report_command(app);
  glassbox::report_interruptions();  // Ctrl-C at any time says so and leaves no temporary file
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // CLI11 ends --help with a "ParseError" of status 0; any other is bad input, reported as one
    // line with status 1 like every other error (not CLI11's own statuses and two lines).
    if (error.get_exit_code() == 0) return app.exit(error);
    std::fprintf(stderr, "glassbox: error: %s (see --help)\n", error.what());
    return 1;
  } catch (const glassbox::cli::Interrupted& stopped) {
    std::fprintf(stderr, "glassbox: %s\n", stopped.what());
    return 130;
  } catch (const glassbox::Error& error) {
    std::fprintf(stderr, "glassbox: error: %s\n", error.what());
    return 1;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "glassbox: error: out of memory\n");
    return 1;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "glassbox: internal error: %s\n", error.what());
    return 2;
  }
  return 0;
}
