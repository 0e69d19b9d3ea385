// The explanation writers (explain/writers/explanation_writers.hpp) on small hand-made samples and
// explanations: the files each kind of sample gets and what the reports say.
#include <doctest/doctest.h>

#include <xtensor/xmath.hpp>

#include "explain/writers/explanation_writers.hpp"
#include "tests/test_render_files.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_explanation_writers {

using namespace glassbox;
using namespace glassbox::explain;
using glassbox_render_test::decode_png;
using glassbox_render_test::read_file;
using glassbox_render_test::ScratchDirectory;

namespace {

// N images of 1×4×4, each with its relevance, explained as class 1 with logit 2.5 + n.
void image_case(std::size_t n, Samples& samples, Explanation& explanation) {
  samples.inputs = xt::zeros<float>({n, std::size_t{1}, std::size_t{4}, std::size_t{4}});
  explanation.relevance = xt::zeros<float>({n, std::size_t{1}, std::size_t{4}, std::size_t{4}});
  for (std::size_t i = 0; i < n; ++i) {
    samples.inputs(i, 0, 1, 1) = 1.0f;
    explanation.relevance(i, 0, 1, 1) = 0.5f;
    explanation.relevance(i, 0, 2, 3) = -0.25f * static_cast<float>(i);
    samples.labels.push_back(static_cast<int>(i));
    samples.names.push_back("test #" + std::to_string(i));
    explanation.targets.push_back(1);
    explanation.outputs.push_back(2.5f + static_cast<float>(i));
  }
  samples.class_names = {"zero", "one"};
}

}  // namespace

TEST_CASE("Images: a heatmap for one, a grid for several, and each sample's numbers") {
  ScratchDirectory scratch("writers");
  Samples samples;
  Explanation explanation;
  image_case(3, samples, explanation);
  CHECK(default_explanation_path(samples) == "explanation.png");
  const ExplanationOutput output{scratch.file("grid.png"), "LRP test", "m.json", false};
  const nlohmann::json report = write_image_explanations(samples, explanation, output);
  CHECK(report["figure"] == output.path);
  REQUIRE(report["samples"].size() == 3);
  CHECK(report["samples"][2]["name"] == "test #2");
  CHECK(report["samples"][2]["label"] == 2);
  CHECK(report["samples"][2]["explained_class"] == 1);
  CHECK(report["samples"][2]["logit"] == doctest::Approx(4.5));
  CHECK(report["samples"][2]["relevance_sum"] == doctest::Approx(0.0));
  const auto grid = decode_png(read_file(output.path), PNG_FORMAT_RGB);
  REQUIRE(grid.ok);

  Samples one;
  Explanation single;
  image_case(1, one, single);
  const ExplanationOutput heatmap{scratch.file("one.png"), "LRP test", "m.json", false};
  write_explanations(one, single, heatmap);
  const auto side_by_side = decode_png(read_file(heatmap.path), PNG_FORMAT_RGB);
  REQUIRE(side_by_side.ok);
  CHECK(side_by_side.width > side_by_side.height);  // [ input | heatmap ]
  CHECK(side_by_side.width < grid.width);
}

TEST_CASE("Text: a page with every word, and the strongest words for and against") {
  ScratchDirectory scratch("writers");
  Samples samples;
  samples.inputs = xt::zeros<float>({std::size_t{1}, std::size_t{3}});
  samples.labels = {-1};
  samples.names = {"letter.txt"};
  samples.class_names = {"sci.space", "rec.sport.hockey"};
  samples.documents = {{{"orbit", "<b>", "orbit", "puck"}, {0, -1, 0, 2}}};
  Explanation explanation;
  explanation.relevance = Tensor{{0.8f, 0.0f, -0.3f}};
  explanation.targets = {0};
  explanation.outputs = {1.5f};
  CHECK(default_explanation_path(samples) == "explanation.html");

  const ExplanationOutput output{scratch.file("words.html"), "LRP epsilon", "t.json", false};
  const nlohmann::json report = write_explanations(samples, explanation, output);
  CHECK(report["page"] == output.path);
  CHECK(report["samples"][0]["relevance_sum"] == doctest::Approx(0.5));
  // orbit fills feature 0 twice: 0.4 each, 0.8 together.
  CHECK(report["samples"][0]["words_for"][0][0] == "orbit");
  CHECK(report["samples"][0]["words_for"][0][1] == doctest::Approx(0.8));
  CHECK(report["samples"][0]["words_against"][0][0] == "puck");
  const std::string page = read_file(output.path);
  CHECK(page.find("letter.txt: true class ?, explained class sci.space (LRP epsilon)") !=
        std::string::npos);
  CHECK(page.find("&lt;b&gt;") != std::string::npos);
  CHECK(page.find("glassbox: LRP epsilon on t.json") != std::string::npos);
}

TEST_CASE("Class names: by name, by number without one, ? for unknown") {
  CHECK(class_name({"a", "b"}, 1) == "b");
  CHECK(class_name({"a", "b"}, 7) == "7");
  CHECK(class_name({"a", "b"}, -1) == "?");
}

}  // namespace test_explanation_writers
