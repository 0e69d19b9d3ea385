// Text heatmaps (explain/render/text_heatmap.hpp): HTML escaping, one coloured span per word,
// a self-contained page, terminal escape codes and the plain fallback, and errors.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "explain/render/font.hpp"
#include "explain/render/text_heatmap.hpp"
#include "framework/errors.hpp"
#include "tests/test_render_files.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_render_text {

using glassbox::ArgumentError;
using glassbox::FileError;
using glassbox::Tensor;
using glassbox_render_test::read_file;
using glassbox_render_test::ScratchDirectory;
using namespace glassbox::render;

namespace {

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t found = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++found;
  }
  return found;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Relevances: "orbit" strongly for (the limit), "the" nothing, "cars" strongly against, and
// "moon" half-way for.
TextExplanation space_document() {
  return {"predicted: sci.space, explained class: sci.space",
          {"the", "orbit", "of", "moon", "cars"},
          Tensor{0.0f, 2.0f, 0.0f, 1.0f, -2.0f}};
}

// Sets an environment variable for one scope, restoring the previous state after.
class ScopedEnvironment {
 public:
  ScopedEnvironment(const char* name, const char* value) : name_(name) {
    const char* previous = std::getenv(name);
    had_value_ = previous != nullptr;
    if (had_value_) previous_ = previous;
    if (value == nullptr) {
      unsetenv(name);
    } else {
      setenv(name, value, 1);
    }
  }
  ~ScopedEnvironment() {
    if (had_value_) {
      setenv(name_, previous_.c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  bool had_value_ = false;
  std::string previous_;
};

}  // namespace

TEST_CASE("html_escape replaces the five characters that can break HTML") {
  CHECK(html_escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
  CHECK(html_escape("plain words, é ünïcode") == "plain words, é ünïcode");
  CHECK(html_escape("&amp;") == "&amp;amp;");  // already-escaped text is escaped again
}

TEST_CASE("the HTML has one span per word, coloured by the diverging map") {
  const std::string html = text_heatmap_html({space_document()});
  CHECK(count(html, "<span class=\"w\"") == 5);
  CHECK(count(html, "</span>") == 5);
  // With limit 2: orbit +2 → pure red, moon +1 → half red, cars −2 → pure blue, the rest white.
  CHECK(contains(html, "background:#ff0000;color:#000000\" title=\"+2\">orbit</span>"));
  CHECK(contains(html, "background:#ff8080;color:#000000\" title=\"+1\">moon</span>"));
  CHECK(contains(html, "background:#0000ff;color:#ffffff\" title=\"-2\">cars</span>"));
  CHECK(contains(html, "background:#ffffff;color:#000000\" title=\"+0\">the</span>"));
  CHECK(contains(html, "<h2>predicted: sci.space, explained class: sci.space</h2>"));
  CHECK(contains(html, "limit |R| = 2"));
}

TEST_CASE("the HTML is self-contained: inline style, no scripts, no external resources") {
  const std::string html = text_heatmap_html({space_document()});
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(contains(html, "<meta charset=\"utf-8\">"));
  CHECK(contains(html, "<style>"));
  CHECK(contains(html, "class=\"legend\""));
  CHECK_FALSE(contains(html, "<script"));
  CHECK_FALSE(contains(html, "<link"));
  CHECK_FALSE(contains(html, "src="));
  CHECK_FALSE(contains(html, "http"));
}

TEST_CASE("words and titles are escaped in the HTML") {
  TextExplanation document{"<b>title</b> & \"more\"",
                           {"<script>", "AT&T", "\"quoted\"", "it's"},
                           Tensor{1.0f, 0.0f, -1.0f, 0.5f}};
  const std::string html = text_heatmap_html({document});
  CHECK(contains(html, ">&lt;script&gt;</span>"));
  CHECK(contains(html, ">AT&amp;T</span>"));
  CHECK(contains(html, ">&quot;quoted&quot;</span>"));
  CHECK(contains(html, ">it&#39;s</span>"));
  CHECK(contains(html, "<h2>&lt;b&gt;title&lt;/b&gt; &amp; &quot;more&quot;</h2>"));
  CHECK_FALSE(contains(html, "<script"));
  CHECK(count(html, "<span class=\"w\"") == 4);
}

TEST_CASE("several documents per page, each with its own limit unless shared") {
  TextExplanation weak = space_document();
  weak.title = "weak";
  weak.relevances = weak.relevances * 0.5f;
  std::string html = text_heatmap_html({space_document(), weak});
  CHECK(count(html, "<section class=\"document\">") == 2);
  CHECK(count(html, "<span class=\"w\"") == 10);
  CHECK(count(html, "background:#ff0000") == 2);  // each document's "orbit" is its own maximum

  TextHeatmapOptions options;
  options.shared_limit = true;
  html = text_heatmap_html({space_document(), weak}, options);
  CHECK(count(html, "background:#ff0000") == 1);  // only the strong document's "orbit"
  CHECK(count(html, "background:#ff8080") == 2);  // strong "moon" and weak "orbit": 1 of 2
}

TEST_CASE("terminal output: 24-bit background colours around words with relevance") {
  const std::string output = text_heatmap_terminal(space_document(), true);
  CHECK(output.rfind("predicted: sci.space, explained class: sci.space\n", 0) == 0);
  CHECK(contains(output, "\x1b[48;2;255;0;0m\x1b[38;2;0;0;0morbit\x1b[0m"));
  CHECK(contains(output, "\x1b[48;2;255;128;128m\x1b[38;2;0;0;0mmoon\x1b[0m"));
  CHECK(contains(output, "\x1b[48;2;0;0;255m\x1b[38;2;255;255;255mcars\x1b[0m"));
  // Words with zero relevance stay plain: no white blocks on a dark terminal.
  CHECK(contains(output, "\x1b[0m of \x1b"));
  CHECK(contains(output, "\nthe \x1b"));
  CHECK(output.back() == '\n');
}

TEST_CASE("plain terminal output: no escape codes, relevance in brackets") {
  const std::string output = text_heatmap_terminal(space_document(), false);
  CHECK_FALSE(contains(output, "\x1b"));
  CHECK(contains(output, "\nthe orbit[+2] of moon[+1] cars[-2]\n"));
}

TEST_CASE("control characters cannot reach the terminal") {
  TextExplanation document{"evil\x1b]0;title\x07", {"a\x1b[2Jb"}, Tensor{1.0f}};
  for (const bool color : {true, false}) {
    const std::string output = text_heatmap_terminal(document, color);
    CHECK_FALSE(contains(output, "\x1b]"));
    CHECK_FALSE(contains(output, "\x1b[2J"));
    CHECK_FALSE(contains(output, "\x07"));
    CHECK(contains(output, "a?[2Jb"));
  }
}

TEST_CASE("terminal lines wrap between words") {
  TextExplanation document{"wrap", {}, Tensor(xt::zeros<float>({30}))};
  for (int index = 0; index < 30; ++index) document.words.push_back("word");
  TextHeatmapOptions options;
  options.line_width = 20;  // "word word word word" is 19 columns: four words per line
  const std::string output = text_heatmap_terminal(document, false, options);
  CHECK(contains(output, "\nword word word word\nword word word word\n"));
}

TEST_CASE("colour is never used for output that is not a terminal") {
  int pipe_ends[2];
  REQUIRE(pipe(pipe_ends) == 0);
  CHECK_FALSE(terminal_supports_color(pipe_ends[1]));  // a pipe is not a terminal
  close(pipe_ends[0]);
  close(pipe_ends[1]);
  CHECK_FALSE(terminal_supports_color(-1));
}

TEST_CASE("NO_COLOR (when not empty) and TERM=dumb turn colour off") {
  const ScopedEnvironment terminal("TERM", "xterm-256color");
  {
    const ScopedEnvironment no_color("NO_COLOR", nullptr);
    CHECK(color_allowed_by_environment());
  }
  {
    const ScopedEnvironment no_color("NO_COLOR", "1");
    CHECK_FALSE(color_allowed_by_environment());
  }
  {
    const ScopedEnvironment no_color("NO_COLOR", "");
    CHECK(color_allowed_by_environment());
  }
  {
    const ScopedEnvironment no_color("NO_COLOR", nullptr);
    const ScopedEnvironment dumb("TERM", "dumb");
    CHECK_FALSE(color_allowed_by_environment());
  }
}

TEST_CASE("mismatched words and relevances, bad limits and unwritable paths are errors") {
  TextExplanation document = space_document();
  document.relevances = Tensor{1.0f, 2.0f};
  CHECK_THROWS_AS(text_heatmap_html({document}), ArgumentError);
  CHECK_THROWS_AS(text_heatmap_terminal(document, true), ArgumentError);

  TextHeatmapOptions options;
  options.relevance_limit = -1.0f;
  CHECK_THROWS_AS(text_heatmap_html({space_document()}, options), ArgumentError);

  ScratchDirectory directory("render_text");
  const std::string path = directory.file("text.html");
  write_text_heatmap_html(path, {space_document()});
  CHECK(read_file(path) == text_heatmap_html({space_document()}));
  CHECK_THROWS_AS(write_text_heatmap_html(directory.file("missing/text.html"), {space_document()}),
                  FileError);
}

// The picture: font scale 1 and margin 4, so a character is 6 pixels wide, a line of glyphs 7
// high, and the words start at row 4 + 7 + 2 + 7 + 2 = 22 (title, legend), column 4 + 1 = 5.
namespace {

constexpr std::size_t kWordsTop = 22, kGlyphsLeft = 5, kLinePitch = 7 + 4;

// The top-left corner of the box of the word whose glyphs start at character `column` of `line`.
Rgb box_corner(const RgbImage& picture, std::size_t line, std::size_t column) {
  return pixel_at(picture, kWordsTop + line * kLinePitch, kGlyphsLeft + 6 * column - 1);
}

}  // namespace

TEST_CASE("the picture puts each word on a box of its colour, sized as documented") {
  const TextExplanation document = space_document();  // "the orbit of moon cars", limit 2
  const RgbImage picture = render_text_heatmap({document}, {}, 1, 4);
  CHECK(picture.shape(1) == 2 * 5 + text_width(document.title));
  CHECK(picture.shape(0) == 4 + 7 + 2 + 7 + 2 + kLinePitch + 4);
  CHECK(box_corner(picture, 0, 0) == kWhite);                        // "the", 0
  CHECK(box_corner(picture, 0, 4) == Rgb{255, 0, 0});                // "orbit", the limit
  CHECK(box_corner(picture, 0, 13) == diverging_color(1.0f, 2.0f));  // "moon", half-way
  CHECK(box_corner(picture, 0, 18) == Rgb{0, 0, 255});               // "cars", against
  // Glyphs contrast with their box: the "o" of "orbit" has black pixels on its light red.
  bool dark = false;
  for (std::size_t row = 0; row < 7; ++row) {
    for (std::size_t column = 0; column < 5; ++column) {
      dark |= pixel_at(picture, kWordsTop + 1 + row, kGlyphsLeft + 24 + column) == kBlack;
    }
  }
  CHECK(dark);
}

TEST_CASE("the picture wraps between words and draws one '?' per character the font lacks") {
  TextHeatmapOptions options;
  options.line_width = 10;  // "the orbit" | "of moon" | "cars"
  const RgbImage wrapped = render_text_heatmap({space_document()}, options, 1, 4);
  CHECK(wrapped.shape(0) == 4 + 7 + 2 + 7 + 2 + 3 * kLinePitch + 4);
  CHECK(box_corner(wrapped, 1, 3) == diverging_color(1.0f, 2.0f));  // "moon"
  CHECK(box_corner(wrapped, 2, 0) == Rgb{0, 0, 255});               // "cars"

  // "naïve" takes 5 columns ("na?ve"), so "x" starts at column 6, after white space.
  const TextExplanation accents{"t", {"na\xc3\xafve", "x"}, Tensor{-1.0f, 1.0f}};
  const RgbImage picture = render_text_heatmap({accents}, {}, 1, 4);
  CHECK(box_corner(picture, 0, 0) == Rgb{0, 0, 255});
  CHECK(box_corner(picture, 0, 6) == Rgb{255, 0, 0});
  CHECK(pixel_at(picture, kWordsTop, kGlyphsLeft + 6 * 6 - 3) == kWhite);
}

TEST_CASE("the picture refuses what it cannot draw and writes a PNG") {
  TextExplanation document = space_document();
  document.relevances = Tensor{1.0f, 2.0f};
  CHECK_THROWS_AS(render_text_heatmap({document}), ArgumentError);
  CHECK_THROWS_AS(render_text_heatmap({space_document()}, {}, 0), ArgumentError);

  ScratchDirectory directory("render_text_png");
  write_text_heatmap_png(directory.file("text.png"), {space_document()});
  const auto decoded =
      glassbox_render_test::decode_png(read_file(directory.file("text.png")), PNG_FORMAT_RGB);
  REQUIRE(decoded.ok);
  const RgbImage picture = render_text_heatmap({space_document()});
  CHECK(decoded.height == picture.shape(0));
  CHECK(decoded.width == picture.shape(1));
}

}  // namespace test_render_text
