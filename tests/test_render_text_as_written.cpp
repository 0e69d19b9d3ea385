// render_text_as_written (explain/render/text_as_written.hpp): the text keeps its lines, words sit
// on boxes of their relevance's colour, everything else on white.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "explain/render/colormap.hpp"
#include "explain/render/font.hpp"
#include "explain/render/text_as_written.hpp"
#include "framework/errors.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_render_text_as_written {

using namespace glassbox;
using namespace glassbox::render;

namespace {

// Scale 1, margin 0: character (line, column) has its cell's top-left pixel at row
// 2·(7 + 2) + line·(7 + 4), column 1 + 6·column; its box starts 1 pixel left of that.
constexpr std::size_t kTextTop = 18, kPitch = 11;

TextAsWrittenOptions small() {
  TextAsWrittenOptions options;
  options.font_scale = 1;
  options.margin = 0;
  options.relevance_limit = 1.0f;
  return options;
}

Rgb cell_corner(const RgbImage& image, std::size_t line, std::size_t column) {
  return pixel_at(image, kTextTop + line * kPitch, 6 * column);  // the box's top-left pixel
}

}  // namespace

TEST_CASE("a word after a line break is boxed in its colour at the start of the next line") {
  const std::string text = "Re: Mars\nOrbit, too";
  // "Mars" bytes 4–8 (for), "Orbit" bytes 9–14 (against).
  const RgbImage image = render_text_as_written("t", text, {{9, 14, -1.0f}, {4, 8, 0.5f}}, small());
  CHECK(cell_corner(image, 0, 4) == diverging_color(0.5f, 1.0f));   // M
  CHECK(cell_corner(image, 0, 7) == diverging_color(0.5f, 1.0f));   // s
  CHECK(cell_corner(image, 1, 0) == diverging_color(-1.0f, 1.0f));  // O
  CHECK(cell_corner(image, 1, 4) == diverging_color(-1.0f, 1.0f));  // t
  CHECK(cell_corner(image, 0, 2) == kWhite);                        // ':' is no word
  CHECK(cell_corner(image, 1, 5) == kWhite);                        // ','
  // Two lines, ten characters on the longest ("Orbit, too"), 1 pixel either side.
  CHECK(image.shape(0) == kTextTop + 2 * kPitch);
  CHECK(image.shape(1) == 2 + std::max<std::size_t>(10 * 6, text_width("limit |R| = 1")));
}

TEST_CASE("long lines wrap, and lines past the most shown are cut with a note") {
  TextAsWrittenOptions options = small();
  options.line_width = 4;
  const RgbImage wrapped = render_text_as_written("t", "abcdefgh", {{4, 8, 1.0f}}, options);
  CHECK(cell_corner(wrapped, 1, 0) == diverging_color(1.0f, 1.0f));  // "efgh" on line 2
  CHECK(cell_corner(wrapped, 0, 0) == kWhite);
  options.most_lines = 1;
  const RgbImage cut = render_text_as_written("t", "abcdefgh\nij", {}, options);
  CHECK(cut.shape(0) == kTextTop + 2 * kPitch);  // one line and the note
}

TEST_CASE("words outside the text or overlapping are refused with the title named") {
  CHECK_THROWS_AS(render_text_as_written("doc", "abc", {{1, 4, 1.0f}}, small()), ArgumentError);
  CHECK_THROWS_AS(render_text_as_written("doc", "abcdef", {{0, 3, 1.0f}, {2, 5, 1.0f}}, small()),
                  ArgumentError);
  CHECK_THROWS_AS(render_text_as_written("doc", "abc", {{2, 2, 1.0f}}, small()), ArgumentError);
}

}  // namespace test_render_text_as_written
