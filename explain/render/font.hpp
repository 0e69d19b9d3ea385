// A tiny built-in bitmap font for labels in figures: 5×7 pixel glyphs for printable ASCII.
//
// Each glyph is 7 rows of 5 pixels; row r of a glyph is one byte whose bit 4 (0x10) is the
// leftmost pixel and bit 0 the rightmost. Text advances 6 pixels per character (one blank column
// between glyphs) and lines are 7 pixels tall, all times `pixel_size` when drawn enlarged.
// Characters outside 32–126 (control characters, bytes of UTF-8 sequences) are drawn as '?' so
// that a label is never silently shortened. Lowercase letters sit within the 7 rows (no
// descenders), so every line of text has the same height.
//
// Built in rather than loaded because figures must render identically everywhere, with no font
// file, no FreeType and no locale involved.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "explain/render/image.hpp"

namespace glassbox::render {

inline constexpr std::size_t kGlyphWidth = 5;
inline constexpr std::size_t kGlyphHeight = 7;
inline constexpr std::size_t kGlyphAdvance = kGlyphWidth + 1;  // one blank column between glyphs

using Glyph = std::array<std::uint8_t, kGlyphHeight>;  // rows top to bottom, bit 4 = leftmost

// The glyph of `character` ('?' for anything outside 32–126).
const Glyph& glyph(char character);

// Whether the pixel at (row, column) of `character`'s glyph is set; row < 7, column < 5.
bool glyph_pixel(char character, std::size_t row, std::size_t column);

// Width in pixels of `text` drawn at `pixel_size`: 6·pixel_size per character minus the trailing
// blank column (0 for empty text).
std::size_t text_width(const std::string& text, std::size_t pixel_size = 1);

// Height in pixels of one line at `pixel_size`: 7·pixel_size.
inline std::size_t text_height(std::size_t pixel_size = 1) {
  return kGlyphHeight * pixel_size;
}

// Draws `text` on one line with its top-left corner at (top, left), each font pixel a
// pixel_size×pixel_size square of `color`; the background is left as it is. Clipped to the image.
void draw_text(RgbImage& image, std::size_t top, std::size_t left, const std::string& text,
               Rgb color = kBlack, std::size_t pixel_size = 1);

}  // namespace glassbox::render
