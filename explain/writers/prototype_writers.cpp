#include "explain/writers/prototype_writers.hpp"

#include <cstdio>

#include "explain/render/picture_rows.hpp"

namespace glassbox::explain {
namespace {

// A prototype's pixels back in [0, 1] for drawing.
Tensor picture(const Tensor& image, float low, float high) {
  return (image - low) / (high - low);
}

std::string caption(const Prototype& prototype) {
  char text[32];
  // Probabilities near 1 are told apart by their distance to 1, which %.3f would round away.
  std::snprintf(text, sizeof text, prototype.probability >= 0.999 ? "%d %.4f" : "%d %.3f",
                prototype.target, prototype.probability);
  return text;
}

}  // namespace

void write_prototype_figure(const std::string& path, const PrototypeRun& run, std::size_t starts,
                            float low, float high) {
  const bool one_class = run.prototypes.size() == starts;
  std::vector<render::PictureRow> rows(one_class ? 1 : starts);
  for (std::size_t s = 0; s < rows.size(); ++s) {
    rows[s].label =
        prototype_method_name(run.method) + (one_class ? "" : " " + std::to_string(s + 1));
  }
  for (const Prototype& prototype : run.prototypes) {
    render::PictureRow& row = rows[one_class ? 0 : prototype.start];
    row.pictures.push_back(picture(prototype.image, low, high));
    row.captions.push_back(caption(prototype));
  }
  render::write_picture_rows_png(path, rows);
}

void write_prototype_comparison(const std::string& path, const std::vector<PrototypeRun>& runs,
                                std::size_t starts, float low, float high) {
  std::vector<render::PictureRow> rows;
  for (const PrototypeRun& run : runs) {
    render::PictureRow row{prototype_method_name(run.method), {}, {}};
    for (std::size_t i : best_starts(run, starts)) {
      row.pictures.push_back(picture(run.prototypes[i].image, low, high));
      row.captions.push_back(caption(run.prototypes[i]));
    }
    rows.push_back(row);
  }
  render::write_picture_rows_png(path, rows);
}

void print_prototype_report(const nlohmann::json& report) {
  std::printf(
      "%s: %zu prototypes in %.1f s, lowest target probability %.4f, mean log p(x) under "
      "the mixture %.1f nats\n",
      report["method"].get<std::string>().c_str(), report["prototypes"].size(),
      report["seconds"].get<double>(), report["lowest_probability"].get<double>(),
      report["mean_log_density"].get<double>());
  for (const auto& prototype : report["prototypes"]) {
    // A search that hit its step limit below the target probability says so (issue 14).
    std::printf("  class %d start %zu: p = %.4f, log p(x) = %.1f, %d steps%s\n",
                prototype["class"].get<int>(), prototype["start"].get<std::size_t>() + 1,
                prototype["probability"].get<double>(), prototype["log_density"].get<double>(),
                prototype["steps"].get<int>(),
                prototype["reached_target"].get<bool>() ? "" : " (step limit reached first)");
  }
}

}  // namespace glassbox::explain
