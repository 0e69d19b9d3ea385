// The built-in 5×7 bitmap font (explain/render/font.hpp): known glyphs pixel by pixel, drawing
// onto an image at a scale, widths, and that all 95 printable glyphs are distinct.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "explain/render/font.hpp"

// This file's own namespace: its suite is compiled as one unit (tests/meson.build).
namespace test_render_font {

using namespace glassbox::render;

namespace {

// The glyph as 7 strings of '#' and '.', the way the font was drawn.
std::string picture(char character) {
  std::string rows;
  for (std::size_t row = 0; row < kGlyphHeight; ++row) {
    for (std::size_t column = 0; column < kGlyphWidth; ++column) {
      rows += glyph_pixel(character, row, column) ? '#' : '.';
    }
    rows += '\n';
  }
  return rows;
}

}  // namespace

TEST_CASE("known glyphs have the pixels they were drawn with") {
  CHECK(picture('A') ==
        ".###.\n"
        "#...#\n"
        "#...#\n"
        "#####\n"
        "#...#\n"
        "#...#\n"
        "#...#\n");
  CHECK(picture('7') ==
        "#####\n"
        "....#\n"
        "...#.\n"
        "..#..\n"
        ".#...\n"
        ".#...\n"
        ".#...\n");
  std::string blank;
  for (std::size_t row = 0; row < kGlyphHeight; ++row) blank += ".....\n";
  CHECK(picture(' ') == blank);
  // Bit 4 is the leftmost pixel: the top row of 'A' is .###. = 0b01110.
  CHECK(glyph('A')[0] == 0x0E);
}

TEST_CASE("characters outside printable ASCII are drawn as '?'") {
  CHECK(glyph('\n') == glyph('?'));
  CHECK(glyph('\x7f') == glyph('?'));
  CHECK(glyph(static_cast<char>(0xC3)) == glyph('?'));  // first byte of a UTF-8 'é'
}

TEST_CASE("all printable glyphs are different, and all but the space have ink") {
  std::set<Glyph> seen;
  for (char character = ' '; character <= '~'; ++character) {
    seen.insert(glyph(character));
    bool ink = false;
    for (const auto row : glyph(character)) ink = ink || row != 0;
    CHECK_MESSAGE(ink == (character != ' '), "glyph '" << character << "'");
    // Only the 5 low bits are pixels.
    for (const auto row : glyph(character)) CHECK((row & ~0x1F) == 0);
  }
  CHECK(seen.size() == 95);
}

TEST_CASE("draw_text puts each font pixel as a pixel_size square at the right place") {
  RgbImage image = blank_image(20, 40);
  const Rgb red{255, 0, 0};
  draw_text(image, 3, 2, "HA", red, 2);
  for (std::size_t row = 0; row < kGlyphHeight; ++row) {
    for (std::size_t column = 0; column < kGlyphWidth; ++column) {
      for (std::size_t dy = 0; dy < 2; ++dy) {
        for (std::size_t dx = 0; dx < 2; ++dx) {
          // 'H' at x = 2, 'A' one advance (6 font pixels = 12 image pixels) further.
          CHECK((pixel_at(image, 3 + 2 * row + dy, 2 + 2 * column + dx) == red) ==
                glyph_pixel('H', row, column));
          CHECK((pixel_at(image, 3 + 2 * row + dy, 14 + 2 * column + dx) == red) ==
                glyph_pixel('A', row, column));
        }
      }
    }
  }
  // The blank column between the glyphs, and everything above the text, stay background.
  for (std::size_t row = 0; row < 20; ++row) {
    CHECK(pixel_at(image, row, 12) == kWhite);
    CHECK(pixel_at(image, row, 13) == kWhite);
  }
  for (std::size_t column = 0; column < 40; ++column) CHECK(pixel_at(image, 2, column) == kWhite);
}

TEST_CASE("text that runs off the image is clipped, not an error") {
  RgbImage image = blank_image(5, 8);
  draw_text(image, 2, 4, "WWWW", kBlack, 3);
  CHECK(pixel_at(image, 2, 4) == kBlack);  // top-left pixel of 'W' is set
}

TEST_CASE("text_width and text_height") {
  CHECK(text_width("") == 0);
  CHECK(text_width("A") == 5);
  CHECK(text_width("input") == 5 * 6 - 1);
  CHECK(text_width("input", 2) == 2 * (5 * 6 - 1));
  CHECK(text_height(3) == 21);
}

}  // namespace test_render_font
