// Text heatmaps: each word of a document coloured by its relevance, as HTML, in a terminal or as
// a picture.
//
// Colours follow colormap.hpp: red = evidence for the explained class, blue = against, white = 0,
// scaled symmetrically by a limit (the |R| drawn fully saturated). By default each document gets
// its own limit, symmetric_limit(R) (the 99.5th percentile of |R|, which for a few hundred words
// is close to the maximum); TextHeatmapOptions can fix one limit or share one across documents.
//
// A document is a list of words in reading order with one relevance each; the caller decides
// what a word is (for a bag-of-words model, typically every token, with the relevance of its
// vocabulary entry, and 0 for tokens outside the vocabulary).
//
// HTML (text_heatmap_html): one self-contained UTF-8 page (inline CSS, no scripts, no external
// resources, so it opens offline and can be mailed around) with a page title, a legend (a colour
// bar from "against" to "for") and one section per document: its title, its limit and its words.
// Every word is exactly one <span class="w"> whose inline style sets the background to the word's
// colour as #rrggbb (and the text to white on dark backgrounds, black otherwise), with the raw
// relevance as a tooltip. Words and titles are HTML-escaped (& < > " ').
//
// Terminal (text_heatmap_terminal): with colour, each word with non-zero relevance gets a 24-bit
// ANSI background, ESC[48;2;R;G;Bm, and a black or white foreground, ESC[38;2;R;G;Bm, reset by
// ESC[0m after the word; words with relevance exactly 0 stay plain so that a dark terminal is not
// filled with white blocks. Without colour (not a terminal, NO_COLOR set, TERM=dumb) each
// non-zero word is followed by its relevance in brackets: "orbit[+0.031]". Lines are wrapped
// between words at TextHeatmapOptions::line_width columns. Control characters in words and titles
// are replaced by '?', so a document cannot send escape sequences of its own to the terminal.
//
// Picture (render_text_heatmap, for a PNG figure where a page cannot be shown): the documents one
// under the other in the built-in 5×7 font (font.hpp), each word on a box of its colour with black
// or white text, lines wrapped between words at line_width characters (0: never). The font has
// ASCII only: every other character (each UTF-8 sequence) and every control character is drawn as
// one '?'. In output pixels, with s = font_scale, a = 6·s (one character) and h = 7·s (one line
// of glyphs):
//
//   margin
//   title                                      h        a document, repeated for each
//   2·s
//   legend: against [bar, 16 characters] for  limit |R| = …      h
//   2·s
//   words                                      lines h + 4·s apart, starting at margin + s
//   margin
//
// A word starting at character column k of its line has its glyphs at margin + s + k·a and its
// box from s before the first glyph to s after the last, s above and below them; one character
// separates words. Width: 2·margin + 2·s + the longest title, legend or line of words.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "explain/render/colormap.hpp"
#include "explain/render/image.hpp"
#include "framework/tensor.hpp"

namespace glassbox::render {

struct TextExplanation {
  std::string title;               // e.g. "predicted: sci.space, explained class: sci.space"
  std::vector<std::string> words;  // the document's words in reading order (UTF-8)
  Tensor relevances;               // one relevance per word, any shape with words.size() values
};

struct TextHeatmapOptions {
  std::string page_title = "glassbox text explanations";  // HTML <title> and heading
  float relevance_limit = 0.0f;  // |R| drawn fully saturated; 0: computed (see shared_limit)
  float percentile = kDefaultPercentile;
  bool shared_limit = false;    // one computed limit for all documents instead of one each
  std::size_t line_width = 80;  // terminal columns to wrap at; 0: never wrap
};

// Black or white, whichever contrasts more with `background` (the text on a coloured word).
Rgb text_color_on(Rgb background);

// `text` with & < > " ' replaced by their character references, safe in text and attributes.
std::string html_escape(const std::string& text);

// The HTML page for `documents` (see above). ArgumentError when a document's relevances do not
// have one value per word.
std::string text_heatmap_html(const std::vector<TextExplanation>& documents,
                              const TextHeatmapOptions& options = {});

// text_heatmap_html written to `path`, atomically.
void write_text_heatmap_html(const std::string& path, const std::vector<TextExplanation>& documents,
                             const TextHeatmapOptions& options = {});

// The picture of `documents` (see above); colour limits as for the HTML page. ArgumentError when a
// document's relevances do not have one value per word, or font_scale is 0.
RgbImage render_text_heatmap(const std::vector<TextExplanation>& documents,
                             const TextHeatmapOptions& options = {}, std::size_t font_scale = 2,
                             std::size_t margin = 8);

// render_text_heatmap written as a PNG, atomically.
void write_text_heatmap_png(const std::string& path, const std::vector<TextExplanation>& documents,
                            const TextHeatmapOptions& options = {}, std::size_t font_scale = 2,
                            std::size_t margin = 8);

// Whether the environment allows colour: the NO_COLOR variable is unset or empty
// (https://no-color.org) and TERM is not "dumb".
bool color_allowed_by_environment();

// Whether output to `file_descriptor` should be coloured: it is a terminal and
// color_allowed_by_environment().
bool terminal_supports_color(int file_descriptor);

// One document for a terminal: its title, a legend line, then the words, ending in a newline.
// `color` chooses ANSI colours or the plain bracketed form; pass
// terminal_supports_color(STDOUT_FILENO) to decide as a well-behaved command-line tool does.
std::string text_heatmap_terminal(const TextExplanation& document, bool color,
                                  const TextHeatmapOptions& options = {});

}  // namespace glassbox::render
