// The explorer report's library side (explain/report/): the base64 of its floats, the folder it
// goes into, and what it computes on a small random model, checked against the methods run on
// their own. The page itself is tested in a browser by test_report_browser.py.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <set>

#include <xtensor/xrandom.hpp>

#include "explain/explain_samples.hpp"
#include "explain/report/float_base64.hpp"
#include "explain/report/report_contents.hpp"
#include "explain/report/report_folder.hpp"
#include "explain/report/report_json.hpp"
#include "framework/errors.hpp"
#include "framework/model_spec.hpp"
#include "tests/test_render_files.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_report {

using namespace glassbox;
using namespace glassbox::explain;
using glassbox_render_test::read_file;
using glassbox_render_test::ScratchDirectory;

namespace {

// Three 1×6×6 images in [0, 1] with names and labels.
Samples small_images() {
  Samples samples;
  xt::random::seed(7);
  samples.inputs =
      xt::random::rand<float>({std::size_t{3}, std::size_t{1}, std::size_t{6}, std::size_t{6}});
  samples.labels = {0, 1, 2};
  samples.names = {"test #0", "test #1", "test #2"};
  return samples;
}

// The inverse of float32_base64, written out here from RFC 4648 and independent of it.
std::vector<float> decode_floats(const std::string& text) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::vector<unsigned char> bytes;
  unsigned bits = 0, held = 0;
  for (const char letter : text) {
    if (letter == '=') break;
    bits = (bits << 6) | static_cast<unsigned>(alphabet.find(letter));
    held += 6;
    if (held >= 8) {
      held -= 8;
      bytes.push_back(static_cast<unsigned char>(bits >> held));
    }
  }
  std::vector<float> values(bytes.size() / 4);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::uint32_t word = bytes[4 * i] | (bytes[4 * i + 1] << 8) | (bytes[4 * i + 2] << 16) |
                               (std::uint32_t{bytes[4 * i + 3]} << 24);
    std::memcpy(&values[i], &word, sizeof word);
  }
  return values;
}

}  // namespace

TEST_CASE("float32_base64: little-endian float32 bytes in standard base64, padded") {
  const float one = 1.0f;
  CHECK(float32_base64(&one, 1) == "AACAPw==");  // 00 00 80 3F
  const float two[] = {1.0f, -2.0f};
  CHECK(float32_base64(two, 2) == "AACAPwAAAMA=");
  const float three[] = {0.5f, -0.25f, 3.0f};
  CHECK(float32_base64(three, 3) == "AAAAPwAAgL4AAEBA");
  CHECK(float32_base64(three, 0).empty());
  const std::vector<float> back = decode_floats(float32_base64(three, 3));
  CHECK(back == std::vector<float>(three, three + 3));
}

TEST_CASE(
    "prepare_report_folder: creates a new folder, reuses an earlier report's, refuses others") {
  ScratchDirectory scratch("report_folder");
  const std::string fresh = scratch.file("a/b/report");
  prepare_report_folder(fresh);
  CHECK(std::filesystem::is_directory(fresh));
  CHECK(std::filesystem::is_empty(fresh));  // the write check leaves nothing behind

  const nlohmann::json data = {{"samples", nlohmann::json::array()}};
  const std::string page = write_report_folder(fresh, data);
  CHECK(page == fresh + "/index.html");
  for (const char* name : {"index.html", "report.css", "report.js", "data.js"}) {
    CHECK(std::filesystem::file_size(fresh + "/" + name) > 0);
  }
  CHECK(read_file(fresh + "/data.js") == "window.REPORT = " + data.dump() + ";\n");
  CHECK(read_file(fresh + "/index.html").find("<script src=\"data.js\">") != std::string::npos);
  prepare_report_folder(fresh);  // an earlier report is replaced

  std::ofstream(scratch.file("notes.txt")) << "mine";
  CHECK_THROWS_WITH_AS(prepare_report_folder(scratch.file("notes.txt")),
                       doctest::Contains("is not a folder"), FileError);
  CHECK_THROWS_WITH_AS(prepare_report_folder(scratch.file("")),
                       doctest::Contains("other files in it"), FileError);
}

TEST_CASE("compute_report: every map is the method's own result, with its flipping curve") {
  Sequential model = build_model("flatten,dense:8,relu,dense:3", {1, 6, 6}, 3);
  const Samples samples = small_images();
  std::vector<std::string> steps;
  const ReportContents report = compute_report(
      model, samples, "small.json", {},
      [&](std::size_t, std::size_t, const std::string& what) { steps.push_back(what); });

  const std::vector<ReportMethod> methods = report_methods();
  REQUIRE(report.maps.size() == methods.size());
  CHECK(steps.size() == methods.size() + 1);
  std::set<std::string> ids;
  for (const ReportMap& map : report.maps) ids.insert(map.method.id);
  CHECK(ids.size() == methods.size());
  CHECK(report.probabilities.shape(1) == 3);

  // The ε = 1 map is what `glassbox explain --method lrp --rule epsilon --epsilon 1` computes.
  MethodChoice choice;
  choice.rule = "epsilon";
  choice.settings.epsilon = 1.0f;
  const LrpExplanation direct = explain_samples(model, samples, choice);
  const auto epsilon =
      std::find_if(report.maps.begin(), report.maps.end(),
                   [](const ReportMap& map) { return map.method.id == "epsilon-1"; });
  REQUIRE(epsilon != report.maps.end());
  CHECK(epsilon->explanation.relevance == direct.relevance);
  CHECK(epsilon->flipping.mean_logit.front() ==
        doctest::Approx((direct.outputs[0] + direct.outputs[1] + direct.outputs[2]) / 3.0));

  // The w² composite differs from the zᴮ one only on the first layer.
  const auto layers_of = [&](const std::string& id) {
    return std::find_if(report.maps.begin(), report.maps.end(),
                        [&](const ReportMap& map) { return map.method.id == id; })
        ->explanation.conservation.layers;
  };
  const std::vector<std::string> box = layers_of("z-box-first"),
                                 square = layers_of("w-square-first");
  REQUIRE(box.size() == 4);
  CHECK(box[1] == "Dense z-box[0, 1]");
  CHECK(square[1] == "Dense w-square");
  CHECK(box[3] == square[3]);

  // The JSON for the page: the maps' floats exactly, the families with their sliders' maps.
  const nlohmann::json json = report_json(report);
  CHECK(json["height"] == 6);
  CHECK(json["samples"].size() == 3);
  CHECK(json["maps"].size() == methods.size());
  for (const nlohmann::json& family : json["families"]) {
    if (family["id"] == "epsilon") CHECK(family["maps"].size() == ReportSettings{}.epsilons.size());
    if (family["id"] == "sensitivity") CHECK(family["maps"].size() == 1);
  }
  const std::size_t m = static_cast<std::size_t>(epsilon - report.maps.begin());
  const std::vector<float> drawn = decode_floats(json["maps"][m]["samples"][2]["relevance"]);
  REQUIRE(drawn.size() == 36);
  for (std::size_t i = 0; i < 36; ++i) CHECK(drawn[i] == direct.relevance.data()[2 * 36 + i]);
  CHECK(json["maps"][0]["conservation"].is_null());  // sensitivity is not LRP
  CHECK(json["maps"][m]["conservation"]["totals"].size() == 3);
}

TEST_CASE("compute_report on documents: word maps, no pixel composites, word deletion") {
  Sequential model = build_model("dense:4,relu,dense:3", {5}, 1);
  Samples text;
  xt::random::seed(3);
  text.inputs = xt::random::rand<float>({std::size_t{2}, std::size_t{5}});
  text.inputs(1, 4) = 0.0f;  // document 1 lacks vocabulary word 4
  text.labels = {0, 2};
  text.names = {"doc 0", "doc 1"};
  text.class_names = {"a", "b", "c"};
  // Document 0 reads word 2 twice: each occurrence gets half of feature 2's relevance.
  text.documents.push_back({{"one", "two", "two", "four", "odd"}, {1, 2, 2, 4, -1}});
  text.documents.push_back({{"zero", "three"}, {0, 3}});
  const ReportContents report = compute_report(model, text, "t.json");
  for (const ReportMap& map : report.maps) {
    INFO(map.method.id);
    CHECK(!map.method.images_only);
    CHECK(map.flipping.mean_logit.size() == 21);  // 20 steps of word deletion
    CHECK(map.flipping.regions_flipped[1] == 1.0);
  }
  const auto epsilon =
      std::find_if(report.maps.begin(), report.maps.end(),
                   [](const ReportMap& map) { return map.method.id == "epsilon-1"; });
  REQUIRE(epsilon != report.maps.end());
  CHECK(std::none_of(report.maps.begin(), report.maps.end(),
                     [](const ReportMap& map) { return map.method.id == "z-box-first"; }));

  const nlohmann::json json = report_json(report);
  CHECK(json["kind"] == "text");
  CHECK(json["samples"][0]["document"]["words"].size() == 5);
  CHECK(json["samples"][1]["document"]["features"] == nlohmann::json({0, 3}));
  const std::size_t m = static_cast<std::size_t>(epsilon - report.maps.begin());
  const std::vector<float> words = decode_floats(json["maps"][m]["samples"][0]["relevance"]);
  const Tensor& relevance = epsilon->explanation.relevance;  // N×5, per feature
  REQUIRE(words.size() == 5);
  CHECK(words[0] == relevance(0, 1));
  CHECK(words[1] == doctest::Approx(relevance(0, 2) / 2.0f));
  CHECK(words[2] == words[1]);
  CHECK(words[3] == relevance(0, 4));
  CHECK(words[4] == 0.0f);  // a word outside the vocabulary filled no feature
  CHECK(json["flipping"]["regions"].size() == 21);
}

TEST_CASE("compute_report: samples neither images nor documents are refused with a message") {
  Sequential model = build_model("dense:3", {5}, 1);
  Samples flat;
  flat.inputs = xt::zeros<float>({std::size_t{1}, std::size_t{5}});
  flat.labels = {0};
  flat.names = {"row"};
  CHECK_THROWS_WITH_AS(compute_report(model, flat, "t.json"),
                       doctest::Contains("images (N×C×H×W samples) or documents"), ArgumentError);
}

}  // namespace test_report
