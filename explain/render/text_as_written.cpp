#include "explain/render/text_as_written.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "explain/render/colormap.hpp"
#include "explain/render/font.hpp"
#include "explain/render/text_heatmap.hpp"  // text_color_on
#include "framework/errors.hpp"

namespace glassbox::render {
namespace {

// One character placed on the page: its line, its column, what the font draws and whether it
// belongs to a word (then `word` indexes the sorted words).
struct Cell {
  std::size_t line = 0, column = 0;
  char shown = ' ';
  long word = -1;
};

constexpr std::size_t kTabStop = 8;

bool continuation_byte(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

}  // namespace

RgbImage render_text_as_written(const std::string& title, const std::string& text,
                                const std::vector<WrittenWord>& words,
                                const TextAsWrittenOptions& options) {
  if (options.line_width == 0 || options.font_scale == 0) {
    throw ArgumentError("text as written: the line width and font scale must be at least 1");
  }
  if (!(options.relevance_limit >= 0.0f)) {
    throw ArgumentError("text as written: the relevance limit must be positive (or 0)");
  }
  std::vector<WrittenWord> sorted = words;
  std::sort(sorted.begin(), sorted.end(),
            [](const WrittenWord& a, const WrittenWord& b) { return a.begin < b.begin; });
  float limit = options.relevance_limit;
  for (std::size_t k = 0; k < sorted.size(); ++k) {
    if (sorted[k].begin >= sorted[k].end || sorted[k].end > text.size() ||
        (k > 0 && sorted[k].begin < sorted[k - 1].end)) {
      throw ArgumentError("text as written \"" + title + "\": the word at bytes " +
                          std::to_string(sorted[k].begin) + "–" + std::to_string(sorted[k].end) +
                          " is empty, outside a text of " + std::to_string(text.size()) +
                          " bytes or overlaps another");
    }
    if (options.relevance_limit == 0.0f) limit = std::max(limit, std::abs(sorted[k].relevance));
  }
  if (limit == 0.0f) limit = 1.0f;  // nothing relevant: every word white

  // Place every character.
  std::vector<Cell> cells;
  std::size_t line = 0, column = 0, next_word = 0;
  bool lines_cut = false;
  for (std::size_t at = 0; at < text.size(); ++at) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (continuation_byte(byte)) continue;  // drawn with its lead byte
    if (byte == '\n') {
      ++line;
      column = 0;
      continue;
    }
    if (byte == '\r') continue;
    while (next_word < sorted.size() && sorted[next_word].end <= at) ++next_word;
    const bool in_word = next_word < sorted.size() && sorted[next_word].begin <= at;
    if (column >= options.line_width) {
      ++line;
      column = 0;
    }
    if (line >= options.most_lines) {
      lines_cut = true;
      continue;
    }
    if (byte == '\t') {
      column = std::min(options.line_width, (column / kTabStop + 1) * kTabStop);
      continue;
    }
    cells.push_back({line, column, byte < 0x80 ? static_cast<char>(byte) : '?',
                     in_word ? static_cast<long>(next_word) : -1});
    ++column;
  }
  const std::size_t shown_lines = std::min(line + 1, options.most_lines);
  std::string cut_note;
  if (lines_cut)
    cut_note = "[... " + std::to_string(line + 1 - options.most_lines) + " more lines]";

  const std::size_t s = options.font_scale, a = kGlyphAdvance * s, h = text_height(s);
  const std::size_t pitch = h + 4 * s, left = options.margin + s;
  char legend_text[64];
  std::snprintf(legend_text, sizeof legend_text, "limit |R| = %.2g", static_cast<double>(limit));
  const std::string legend = legend_text;
  std::size_t width =
      std::max({text_width(title, s), text_width(legend, s), text_width(cut_note, s)});
  for (const Cell& cell : cells) width = std::max(width, (cell.column + 1) * a);
  const std::size_t text_top = options.margin + 2 * (h + 2 * s);
  const std::size_t lines = shown_lines + (cut_note.empty() ? 0 : 1);
  RgbImage figure = blank_image(text_top + lines * pitch + options.margin, 2 * left + width);

  draw_text(figure, options.margin, left, title, kBlack, s);
  draw_text(figure, options.margin + h + 2 * s, left, legend, kBlack, s);
  for (const Cell& cell : cells) {
    const std::size_t top = text_top + cell.line * pitch, x = left + cell.column * a;
    Rgb ink = kBlack;
    if (cell.word >= 0) {
      const Rgb background =
          diverging_color(sorted[static_cast<std::size_t>(cell.word)].relevance, limit);
      fill_rectangle(figure, top, x - s, h + 2 * s, a, background);
      ink = text_color_on(background);
    }
    draw_text(figure, top + s, x, std::string(1, cell.shown), ink, s);
  }
  if (!cut_note.empty()) {
    draw_text(figure, text_top + shown_lines * pitch + s, left, cut_note, Rgb{110, 110, 110}, s);
  }
  return figure;
}

}  // namespace glassbox::render
