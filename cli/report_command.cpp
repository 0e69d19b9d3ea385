// `glassbox report`: the explorer page, a folder that opens in a browser from the file system, with
// every explanation method side by side on a few test images (explain/report/).
#include <cstdio>
#include <filesystem>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "datasets/model_samples.hpp"
#include "explain/report/report_contents.hpp"
#include "explain/report/report_folder.hpp"
#include "explain/report/report_json.hpp"
#include "framework/errors.hpp"
#include "framework/serialization/model_file.hpp"
#include "framework/training/progress_bar.hpp"

namespace glassbox::cli {
namespace {

struct ReportOptions {
  std::string model_path;
  std::string output;
  std::size_t index = 0;
  std::size_t count = 16;
};

// More images than this make a data.js of tens of megabytes and a picker no one scrolls.
constexpr std::size_t kMostImages = 256;

void run_report(const ReportOptions& options) {
  if (options.count == 0 || options.count > kMostImages) {
    throw ArgumentError("--count must be between 1 and " + std::to_string(kMostImages) + ", got " +
                        std::to_string(options.count));
  }
  ModelFile file = load_model(options.model_path);
  Samples samples =
      model_samples(file.metadata, options.model_path, "test", options.index, options.count);
  explain::prepare_report_folder(options.output);  // before the work, not after it

  // A progress bar on stderr when it is a terminal, as training has.
  std::size_t maps = 0;
  for (const explain::ReportMethod& method : explain::report_methods()) {
    maps += samples.is_text() && method.images_only ? 0 : 1;
  }
  ProgressBar bar("report", maps + 1, "maps");
  const auto progress = [&bar](std::size_t step, std::size_t, const std::string& what) {
    bar.update(step - 1, what);
  };
  const explain::ReportContents report = explain::compute_report(
      file.model, std::move(samples), std::filesystem::path(options.model_path).filename().string(),
      {}, progress);
  bar.finish("written");
  const std::string page =
      explain::write_report_folder(options.output, explain::report_json(report));
  std::printf("report written; open file://%s\n",
              std::filesystem::absolute(page).lexically_normal().c_str());
}

}  // namespace

void add_report_command(CLI::App& app) {
  auto options = std::make_shared<ReportOptions>();
  CLI::App* command = app.add_subcommand(
      "report",
      "Write the explorer page: every method side by side on test images or documents (HTML)");
  command->footer(
      "The folder holds index.html, report.css, report.js and data.js; open index.html in a\n"
      "browser (no server needed). It shows sensitivity, Taylor, every LRP rule (sliders for\n"
      "epsilon and gamma), composites and deep Taylor, the conservation table and pixel flipping.\n"
      "For a text model (20news) it shows test documents, each word coloured by its relevance,\n"
      "the methods that apply to words (no zB/w2/flat composites) and word-deletion curves.\n"
      "Examples:\n  glassbox report --model mlp.json --out report --count 16\n"
      "  glassbox report --model text-mlp.json --out text-report --count 16");
  add_model_option(*command, options->model_path, "Model file of an image or text model");
  command->add_option("--out", options->output, "Folder to write the report into")->required();
  add_sample_range_options(*command, options->index, options->count,
                           "First test image (or document)",
                           "Number of test images (or documents)");
  command->callback([options] { run_report(*options); });
}

}  // namespace glassbox::cli
